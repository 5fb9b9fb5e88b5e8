import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertModule, assertResult } from '../../../../engine/modules/assert.js'
import { debugModule, debugResult, NOT_DEFINED } from '../../../../engine/modules/debug.js'
import { DEFAULT_FAIL_MSG, failModule } from '../../../../engine/modules/fail.js'
import { includeVars } from '../../../../engine/modules/include_vars.js'
import { NO_PROMPT, pause } from '../../../../engine/modules/pause.js'
import { setFactModule, setFactResult } from '../../../../engine/modules/set_fact.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { validateArguments } from '../../../../engine/modules/validate_argument_spec.js'
import { fakeCtx, FakeConn } from './helpers.js'

function failureOf(fn: () => unknown): ModuleFailure {
  try {
    fn()
  } catch (err) {
    if (err instanceof ModuleFailure) return err
    throw err
  }
  throw new Error('expected a ModuleFailure')
}

const vars = { result: { stdout: 'ok', rc: 0 }, n: 3, items: ['a', 'b'] }

describe('assert', () => {
  it('passes with the default or given success message', () => {
    expect(assertResult({ that: ['n > 2', "'a' in items"] }, vars)).to.deep.equal({
      changed: false,
      msg: 'All assertions passed',
      _ansible_verbose_always: true, // shown at every verbosity, as Ansible does
    })
    expect(assertResult({ that: 'result.rc == 0', success_msg: 'fine' }, vars).msg).to.equal('fine')
  })

  it('names the first failed assertion, as Ansible', () => {
    const err = failureOf(() => assertResult({ that: ['n > 2', 'n > 5', 'n > 9'] }, vars))
    expect(err.message).to.equal('Assertion failed')
    expect(err.result).to.deep.include({ assertion: 'n > 5', evaluated_to: false })
  })

  it('uses fail_msg, or its alias msg', () => {
    expect(failureOf(() => assertResult({ that: 'n == 1', fail_msg: 'n must be 1' }, vars)).message).to.equal(
      'n must be 1',
    )
    expect(failureOf(() => assertResult({ that: 'n == 1', msg: 'via alias' }, vars)).message).to.equal(
      'via alias',
    )
  })

  it('reports a condition that cannot be evaluated', () => {
    const err = failureOf(() => assertResult({ that: 'missing.attr == 1' }, vars))
    expect(err.message).to.match(
      /^The conditional check 'missing.attr == 1' failed. The error was: .*missing/,
    )
  })

  it('runs in check mode: the plan carries the result', async () => {
    const plan = await assertModule.check(
      { that: 'n == 3' },
      fakeCtx(new FakeConn(), { vars, checkMode: true }),
    )
    expect(plan).to.deep.include({ changed: false })
    expect(plan.result?.msg).to.equal('All assertions passed')
  })
})

describe('debug, set_fact, fail', () => {
  it('debug msg defaults to Hello world! and keeps structured values', () => {
    expect(debugResult({}, vars)).to.deep.equal({ changed: false, msg: 'Hello world!' })
    expect(debugResult({ msg: [1, 2] }, vars).msg).to.deep.equal([1, 2])
  })

  it('debug var returns the value under the expression text', async () => {
    expect(debugResult({ var: 'result.stdout' }, vars)).to.deep.equal({
      changed: false,
      'result.stdout': 'ok',
    })
    expect(debugResult({ var: 'nope' }, vars)).to.deep.equal({ changed: false, nope: NOT_DEFINED })
    const plan = await debugModule.check({ var: 'items' }, fakeCtx(new FakeConn(), { vars }))
    expect(plan.result).to.deep.include({ items: ['a', 'b'] })
  })

  it('set_fact returns every argument as a fact, without cacheable, converting boolean words', async () => {
    expect(setFactResult({ a: 1, b: 'yes', c: 'False', d: 'text', cacheable: true })).to.deep.equal({
      changed: false,
      ansible_facts: { a: 1, b: true, c: false, d: 'text' },
    })
    const plan = await setFactModule.check({ x: [1] }, fakeCtx(new FakeConn()))
    expect(plan.result?.ansible_facts).to.deep.equal({ x: [1] })
  })

  it('fail fails with its message or the default, in check mode too', async () => {
    const ctx = fakeCtx(new FakeConn(), { checkMode: true })
    const d = await failModule.check({}, ctx).catch((e) => e)
    expect(d).to.be.instanceOf(ModuleFailure)
    expect(d.message).to.equal(DEFAULT_FAIL_MSG)
    const m = await failModule.check({ msg: 'stop here' }, ctx).catch((e) => e)
    expect(m.message).to.equal('stop here')
  })
})

describe('validate_argument_spec', () => {
  const spec = {
    port: { type: 'int', required: true },
    mode: { type: 'str', choices: ['a', 'b'] },
    name: { type: 'str', required: true },
  }

  it('reports every problem, required arguments included, in one failure', () => {
    const err = failureOf(() =>
      validateArguments({ argument_spec: spec }, { vars: { mode: 'c', role_name: 'web' } }),
    )
    expect(err.message).to.match(/^Validation of arguments failed:\n/)
    expect(err.message).to.contain('missing required argument `port`')
    expect(err.message).to.contain('missing required argument `name`')
    expect(err.message).to.contain('invalid value')
    expect(err.result['argument_errors']).to.have.length(3)
  })

  it('passes with valid values, from provided_arguments when given', () => {
    const ok = validateArguments(
      { argument_spec: spec, provided_arguments: { port: '8080', name: 'x' } },
      { vars: {} },
    )
    expect(ok).to.include({ changed: false, msg: 'The arg spec validation passed' })
  })
})

describe('include_vars', () => {
  const root = mkdtempSync(join(tmpdir(), 'tsplay-incvars-'))
  const role = join(root, 'roles', 'web')
  mkdirSync(join(role, 'vars'), { recursive: true })
  mkdirSync(join(root, 'vars', 'extra', 'deep'), { recursive: true })
  writeFileSync(join(role, 'vars', 'Debian.yml'), 'pkg: apache2\nports: [80]\n')
  writeFileSync(join(root, 'vars', 'common.yml'), 'pkg: generic\nlevel: 1\n')
  writeFileSync(join(root, 'vars', 'extra', '10-a.yml'), 'a: 1\nshared: {x: 1}\n')
  writeFileSync(join(root, 'vars', 'extra', '20-b.json'), '{"b": 2, "shared": {"y": 2}}')
  writeFileSync(join(root, 'vars', 'extra', 'deep', 'c.yaml'), 'c: 3\n')
  writeFileSync(join(root, 'list.yml'), '- 1\n')
  const ctxVars = { role_path: role, playbook_dir: root }

  it("finds a file in the role's vars/ first, then beside the playbook", () => {
    const r = includeVars({ file: 'Debian.yml' }, { vars: ctxVars })
    expect(r.ansible_facts).to.deep.equal({ pkg: 'apache2', ports: [80] })
    expect(r['ansible_included_var_files']).to.deep.equal([join(role, 'vars', 'Debian.yml')])
    expect(includeVars({ file: 'common.yml' }, { vars: ctxVars }).ansible_facts).to.deep.equal({
      pkg: 'generic',
      level: 1,
    })
  })

  it('puts the variables under name when given', () => {
    expect(includeVars({ file: 'common.yml', name: 'cfg' }, { vars: ctxVars }).ansible_facts).to.deep.equal({
      cfg: { pkg: 'generic', level: 1 },
    })
  })

  it('loads a directory in sorted order, depth and merge as asked', () => {
    const all = includeVars({ dir: 'extra' }, { vars: ctxVars }).ansible_facts
    expect(all).to.deep.equal({ a: 1, b: 2, c: 3, shared: { y: 2 } })
    const shallow = includeVars({ dir: 'extra', depth: 1, hash_behaviour: 'merge' }, { vars: ctxVars })
    expect(shallow.ansible_facts).to.deep.equal({ a: 1, b: 2, shared: { x: 1, y: 2 } })
  })

  it('fails on a missing file, naming where it looked, and on a file that is not a mapping', () => {
    expect(failureOf(() => includeVars({ file: 'nope.yml' }, { vars: ctxVars })).message).to.contain(
      join(role, 'vars'),
    )
    expect(failureOf(() => includeVars({ file: 'list.yml' }, { vars: ctxVars })).message).to.contain(
      'mapping',
    )
  })
})

describe('pause', () => {
  it('waits the given seconds and reports it', async () => {
    const t0 = Date.now()
    const r = await pause({ seconds: 0.2 }, {})
    expect(Date.now() - t0).to.be.at.least(190)
    expect(r).to.include({ changed: false, stdout: 'Paused for 0.2 seconds' })
  })

  it('does not wait for a prompt without a terminal and says so', async () => {
    const r = await pause({ prompt: 'Continue?' }, {})
    expect(r.msg).to.equal(NO_PROMPT)
  })

  it('stops when the run is aborted', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 50)
    const t0 = Date.now()
    const err = await pause({ minutes: 1 }, { signal: ac.signal }).catch((e) => e)
    expect(err).to.be.instanceOf(ModuleFailure)
    expect(Date.now() - t0).to.be.below(2000)
  })
})
