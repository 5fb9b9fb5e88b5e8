/**
 * Validators precompiled by the build: every registered schema has one, and they report exactly
 * what a validator compiled at run time reports (same errors, same messages).
 */
import { expect } from 'chai'
import '../../../engine/modules/catalog.js'
import '../../../engine/playbook/schema/roles.js'
import { precompiled } from '../../../engine/playbook/schema/precompiled.js'
import { newAjv, registeredSchemas, type JsonSchema } from '../../../engine/playbook/schema/problems.js'
import { playSchema, taskKeywordSchema } from '../../../engine/playbook/schema/validators.js'

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x))

describe('precompiled validators', () => {
  it('exist for every registered schema (the build ran) and not for an unknown schema', () => {
    expect(registeredSchemas().length).to.be.greaterThan(40)
    for (const schema of registeredSchemas())
      expect(precompiled(schema), JSON.stringify(schema).slice(0, 80)).to.be.a('function')
    expect(precompiled({ type: 'string', title: 'not registered anywhere' })).to.equal(undefined)
  })

  const cases: [string, JsonSchema, unknown][] = [
    [
      'a play with a wrong type and an unknown key',
      playSchema,
      { hosts: 3, gather_facts: 'maybe', tasks: {}, hostz: 1 },
    ],
    ['a play without hosts', playSchema, { name: 'x' }],
    ['task keywords of wrong types', taskKeywordSchema, { when: {}, loop: 'x', retries: 'many', become: [] }],
  ]
  for (const [what, schema, data] of cases) {
    it(`report the same errors as a run-time compile: ${what}`, () => {
      const pre = precompiled(schema)!
      const runtime = newAjv().compile(schema)
      expect(pre(data)).to.equal(false)
      expect(runtime(data)).to.equal(false)
      expect(pre.errors!.length).to.be.greaterThan(0)
      expect(plain(pre.errors)).to.deep.equal(plain(runtime.errors))
    })
  }
})
