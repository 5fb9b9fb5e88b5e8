/**
 * One error type for everything a user can get wrong. It carries one or more problems, each with a
 * code, a message, where it is (file, line, column), the offending key and a suggestion. The CLI
 * prints it as paragraphs without a stack trace; everything else is an internal error.
 */
export interface SourceLocation {
  file: string
  /** 1-based; 0 when unknown */
  line: number
  /** 1-based; 0 when unknown */
  column: number
}

export interface Problem {
  /** Stable machine-readable code, e.g. `INVENTORY_RANGE` */
  code: string
  message: string
  loc?: SourceLocation | undefined
  /** The key, section or name at fault */
  key?: string | undefined
  /** What the user should do */
  hint?: string | undefined
}

/** Exit codes shared by every command (Ansible's where it has one). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  hostFailed: 2,
  hostUnreachable: 4,
  invalidInput: 5,
  interrupted: 99,
} as const

export class TsplayError extends Error {
  readonly problems: Problem[]
  readonly exitCode: number

  constructor(problem: Problem | Problem[], exitCode: number = ExitCode.invalidInput) {
    const problems = Array.isArray(problem) ? problem : [problem]
    super(problems.map(formatProblem).join('\n\n'))
    this.name = 'TsplayError'
    this.problems = problems
    this.exitCode = exitCode
  }

  get code(): string {
    return this.problems[0]?.code ?? 'UNKNOWN'
  }
}

export function isTsplayError(err: unknown): err is TsplayError {
  return err instanceof TsplayError
}

export function formatLocation(loc: SourceLocation): string {
  if (!loc.line) return loc.file
  return loc.column ? `${loc.file}:${loc.line}:${loc.column}` : `${loc.file}:${loc.line}`
}

/** `file:line:col: error CODE: message (key `k`). Suggestion: hint` as one paragraph. */
export function formatProblem(p: Problem): string {
  const where = p.loc ? `${formatLocation(p.loc)}: ` : ''
  const key = p.key !== undefined && !p.message.includes(`\`${p.key}\``) ? ` (key \`${p.key}\`)` : ''
  const hint = p.hint ? ` Suggestion: ${p.hint}` : ''
  return `${where}error ${p.code}: ${p.message}${key}.${hint}`.replace(/\.\.(\s|$)/g, '.$1')
}

/**
 * Collects problems so that a loader can report every error at once instead of stopping at the
 * first. `throwIfAny` raises them together.
 */
export class ProblemList {
  readonly problems: Problem[] = []

  private readonly seen = new Set<string>()

  /** Adds a problem once: a role used three times reports its mistake once. */
  add(p: Problem): void {
    const key = formatProblem(p)
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.problems.push(p)
  }

  addError(err: unknown): void {
    if (isTsplayError(err)) for (const p of err.problems) this.add(p)
    else throw err
  }

  get size(): number {
    return this.problems.length
  }

  throwIfAny(): void {
    if (this.problems.length) throw new TsplayError(this.problems)
  }
}

/** Closest candidate by edit distance, for "did you mean" suggestions. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestScore = Infinity
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase())
    if (d < bestScore) {
      bestScore = d
      best = c
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3))
  return best !== undefined && bestScore <= limit ? best : undefined
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}
