/**
 * Variables whose values are templates (`url: "https://{{ host }}/"`) are rendered when first read,
 * against the same set of variables, as Ansible does. Vault values are decrypted when first read.
 * A variable that refers to itself is an error naming the chain.
 */
import { TsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import { UnsafeText } from '../yaml/unsafe-tag.js'
import { EncryptedString } from '../yaml/vault-tag.js'

export interface LazyOptions {
  /** Renders a value (string, list or mapping) whose strings may hold templates */
  render: (value: unknown, vars: Vars, origin: { variable: string; origin: string }) => unknown
  /** Decrypts an inline vault value; without it, reading one is an error */
  decrypt?: ((value: EncryptedString, variable: string) => string) | undefined
  originOf: (variable: string) => string
  /** Variables taken as they are, never inspected: magic ones such as `hostvars` (lazy itself) */
  verbatim?: ((variable: string) => boolean) | undefined
}

/**
 * Variable values are never changed in place (set_fact and register replace them), so a list's or
 * mapping's answer is kept: registered results are walked once, not at every task.
 */
const rendering = new WeakMap<object, boolean>()

export function needsRendering(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{')
  if (v === null || typeof v !== 'object') return false
  if (v instanceof EncryptedString || v instanceof UnsafeText) return true
  let known = rendering.get(v)
  if (known === undefined) {
    if (Array.isArray(v)) known = v.some(needsRendering)
    else known = Object.getPrototypeOf(v) === Object.prototype && Object.values(v).some(needsRendering)
    rendering.set(v, known)
  }
  return known
}

/** A view of `raw` where templated values render on first read (then stay cached). */
export function lazyVars(raw: Vars, opts: LazyOptions): Vars {
  const view: Vars = {}
  const resolving: string[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (opts.verbatim?.(key) || !needsRendering(value)) {
      view[key] = value
      continue
    }
    let done = false
    let cached: unknown
    Object.defineProperty(view, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (done) return cached
        if (resolving.includes(key)) {
          throw new TsplayError({
            code: 'VAR_RECURSION',
            message: `variable \`${key}\` refers to itself: ${[...resolving.slice(resolving.indexOf(key)), key].join(' → ')}`,
            key,
            hint: `check the definition of \`${key}\` in ${opts.originOf(key)}`,
          })
        }
        resolving.push(key)
        try {
          cached = resolveValue(value, key, view, opts)
          done = true
          return cached
        } finally {
          resolving.pop()
        }
      },
    })
  }
  return view
}

function resolveValue(value: unknown, key: string, view: Vars, opts: LazyOptions): unknown {
  const decrypted = decryptDeep(value, key, opts)
  return opts.render(decrypted, view, { variable: key, origin: opts.originOf(key) })
}

function decryptDeep(v: unknown, key: string, opts: LazyOptions): unknown {
  if (v instanceof EncryptedString) {
    if (!opts.decrypt) {
      throw new TsplayError({
        code: 'VAULT_PASSWORD_MISSING',
        message: `variable \`${key}\` is vault-encrypted and no vault password was given`,
        key,
        hint: 'pass --ask-vault-pass, --vault-password-file FILE or --vault-id',
      })
    }
    return opts.decrypt(v, key)
  }
  if (Array.isArray(v)) return v.map((x) => decryptDeep(x, key, opts))
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decryptDeep(x, key, opts)]))
  }
  return v
}
