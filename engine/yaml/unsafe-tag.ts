/**
 * A `!unsafe` tagged scalar: text that is never rendered as a template (`{{ .Names }}` for docker,
 * `{{ $labels.instance }}` in alert rules), as in Ansible. Rendering (engine/template/render.ts)
 * turns it into a plain string without looking at its braces; printing shows the text.
 */
export class UnsafeText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text
  }

  toJSON(): string {
    return this.text
  }
}
