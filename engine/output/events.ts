/**
 * Everything a run shows the user is one of these events. The executor emits them; renderers
 * (plain text, TTY with a spinner, NDJSON) turn them into output. Results are redacted before they
 * become events: no secret ever reaches a renderer.
 */
import type { FileDiff } from '../modules/types.js'

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable'

export interface HostCounts {
  ok: number
  changed: number
  unreachable: number
  failed: number
  skipped: number
  rescued: number
  ignored: number
}

export type RunEvent =
  | { type: 'playbook_start'; file: string; checkMode: boolean }
  /** Once per serial batch (`batch`: its index from the second one on), with the batch's hosts */
  | { type: 'play_start'; name: string; hosts: string[]; batch?: number | undefined }
  | { type: 'play_no_hosts'; name: string }
  | { type: 'task_start'; name: string; hosts: number; handler: boolean; path?: string | undefined }
  | {
      type: 'host_result'
      host: string
      task: string
      /** The module that ran (`debug` results are always shown, as in Ansible) */
      action?: string | undefined
      status: HostStatus
      /** `ok` and `failed` results that were ignored (ignore_errors) */
      ignored?: boolean | undefined
      /** The loop item label, for one item of a loop */
      item?: string | undefined
      delegatedTo?: string | undefined
      msg?: string | undefined
      /** The registered result, redacted (`********` for no_log and secrets) */
      result?: Record<string, unknown> | undefined
      diff?: FileDiff[] | undefined
      durationMs: number
    }
  | { type: 'host_retry'; host: string; task: string; attempt: number; retries: number }
  /** include_tasks brought in `file` for these hosts (once per loop item, with its label) */
  | { type: 'included'; file: string; hosts: string[]; item?: string | undefined }
  | { type: 'warning'; message: string; host?: string | undefined }
  | { type: 'verbose'; level: number; message: string; host?: string | undefined }
  | { type: 'no_more_hosts'; reason: string }
  | { type: 'recap'; hosts: Record<string, HostCounts>; durationMs: number; interrupted: boolean }

export type EventSink = (event: RunEvent) => void

export function emptyCounts(): HostCounts {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }
}
