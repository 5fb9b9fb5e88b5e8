/** Variables and helpers shared by the condition tests. */
import { expect } from 'chai'
import { TsplayError } from '../../../engine/errors.js'
import { evaluate, parseExpression } from '../../../engine/template/index.js'

export const vars = {
  a: true,
  b: false,
  c: false,
  x: 1,
  n: '42',
  s: 'Hello',
  empty: '',
  none: null,
  list: [1, 2, 3],
  map: { k: 'v', 'dash-key': 2 },
  result: { rc: 0, stdout: 'service is running\nok', changed: true, failed: false },
  failedResult: { rc: 1, failed: true, changed: false },
  skippedResult: { skipped: true, changed: false },
  loopResult: { results: [{ changed: false }, { changed: true }] },
  version: '20.04',
}
export const origin = { file: 'roles/web/tasks/main.yml', line: 7, key: 'when' }
export const ev = (text: string, v: object = vars): unknown => evaluate(parseExpression(text), v)

export function failure(fn: () => unknown): TsplayError {
  try {
    fn()
  } catch (err) {
    expect(err).to.be.instanceOf(TsplayError)
    return err as TsplayError
  }
  throw new Error('expected a failure')
}
