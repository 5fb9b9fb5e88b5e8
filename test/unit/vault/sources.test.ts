import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isTsplayError } from '../../../engine/errors.js'
import { splitCommand } from '../../../engine/vault/editor.js'
import { isClientScript, passwordFromFile, splitVaultId } from '../../../engine/vault/sources.js'

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (isTsplayError(err)) return err.code
    throw err
  }
  return 'none'
}

describe('vault password sources', () => {
  let dir: string
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tsplay-vault-src-'))))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a plain file, trimmed like ansible', async () => {
    writeFileSync(join(dir, 'pw'), '  s3cret pass \r\n\n')
    const s = await passwordFromFile(join(dir, 'pw'), 'default')
    expect(s.password.toString()).to.equal('s3cret pass')
    expect(s.label).to.equal('default')
    expect(s.source).not.to.contain('s3cret')
  })

  it('runs an executable and takes its stdout, without arguments', async () => {
    const args = join(dir, 'args')
    writeFileSync(join(dir, 'get-pw.sh'), `#!/bin/sh\necho "$#" > ${args}\nprintf 'from-script\\n'\n`, {
      mode: 0o755,
    })
    const s = await passwordFromFile(join(dir, 'get-pw.sh'), 'prod')
    expect(s.password.toString()).to.equal('from-script')
    expect(readFileSync(args, 'utf8').trim()).to.equal('0')
  })

  it('passes --vault-id LABEL to a *-client script; exit 2 means unknown id', async () => {
    const script = join(dir, 'keys-client.py')
    writeFileSync(
      script,
      '#!/bin/sh\n[ "$1" = --vault-id ] || exit 3\n[ "$2" = prod ] && { echo prod-pw; exit 0; }\nexit 2\n',
      { mode: 0o755 },
    )
    expect(isClientScript(script)).to.equal(true)
    expect((await passwordFromFile(script, 'prod')).password.toString()).to.equal('prod-pw')
    expect(await codeOf(passwordFromFile(script, 'qa'))).to.equal('VAULT_PASSWORD_SCRIPT')
  })

  it('reports missing files, empty passwords and failing scripts', async () => {
    expect(await codeOf(passwordFromFile(join(dir, 'missing'), 'default'))).to.equal('VAULT_PASSWORD_FILE')
    writeFileSync(join(dir, 'empty'), '\n')
    expect(await codeOf(passwordFromFile(join(dir, 'empty'), 'default'))).to.equal('VAULT_PASSWORD_EMPTY')
    writeFileSync(join(dir, 'fail.sh'), '#!/bin/sh\nexit 1\n', { mode: 0o755 })
    expect(await codeOf(passwordFromFile(join(dir, 'fail.sh'), 'default'))).to.equal('VAULT_PASSWORD_SCRIPT')
  })

  it('recognises client scripts by name as ansible does', () => {
    expect(isClientScript('/x/vault-client')).to.equal(true)
    expect(isClientScript('/x/vault-client.sh')).to.equal(true)
    expect(isClientScript('/x/vault-client-not')).to.equal(false)
    expect(isClientScript('/x/client.sh')).to.equal(false)
  })

  it('splits label@source; no @ is the default id; rejects `;`', () => {
    expect(splitVaultId('prod@vault/prod.password')).to.deep.equal(['prod', 'vault/prod.password'])
    expect(splitVaultId('pw.txt')).to.deep.equal(['default', 'pw.txt'])
    expect(splitVaultId('dev@prompt')).to.deep.equal(['dev', 'prompt'])
    expect(() => splitVaultId('a;b@x')).to.throw(/not a valid vault id/)
  })

  it('splits $EDITOR as a shell would', () => {
    expect(splitCommand('code --wait')).to.deep.equal(['code', '--wait'])
    expect(splitCommand(`'/opt/my editor/bin' -c "set ft=yaml" a\\ b`)).to.deep.equal([
      '/opt/my editor/bin',
      '-c',
      'set ft=yaml',
      'a b',
    ])
  })
})
