/** yum: the dnf module with the `yum` command (on current RHEL, yum is dnf). */
import { dnfLike } from './dnf.js'

export const yumModule = dnfLike('yum')
