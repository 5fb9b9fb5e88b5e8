/** sshParamsFor: Ansible variables, ssh arguments, ssh config file and defaults, in that order. */
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { parseJump, parseSshArgs, SshArgsError, sshParamsFor } from '../../../engine/connection/ssh/params.js'

const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-params-'))
const config = join(dir, 'config')
writeFileSync(
  config,
  [
    'Host web*',
    '  HostName %h.example.com',
    '  User cfguser',
    '  Port 2200',
    '  IdentityFile ~/.ssh/cfg_key',
    '  ProxyJump jumper@bastion:2022',
    '  StrictHostKeyChecking accept-new',
    '  UserKnownHostsFile /cfg/known_hosts',
    'Host *',
    '  ServerAliveInterval 30',
    '  ForwardAgent yes',
  ].join('\n'),
)
const none = join(dir, 'missing')

describe('sshParamsFor', () => {
  it('defaults like OpenSSH and Ansible', () => {
    const p = sshParamsFor('db1', {}, { sshConfigFile: none })
    expect(p).to.deep.include({
      host: 'db1',
      hostname: 'db1',
      port: 22,
      user: userInfo().username,
      identityFiles: [],
      strictHostKeyChecking: 'yes',
      proxyJump: [],
      connectTimeoutSec: 10,
      serverAliveIntervalSec: 15,
      serverAliveCountMax: 3,
      forwardAgent: false,
      maxSessions: 10,
    })
    expect(p.knownHostsFiles).to.deep.equal([
      `${homedir()}/.ssh/known_hosts`,
      `${homedir()}/.ssh/known_hosts2`,
    ])
  })

  it('reads the ssh config for ansible_host (the name ssh would be given)', () => {
    const p = sshParamsFor('inv-name', { ansible_host: 'web7' }, { sshConfigFile: config })
    expect(p).to.deep.include({
      hostname: 'web7.example.com',
      user: 'cfguser',
      port: 2200,
      identityFiles: [`${homedir()}/.ssh/cfg_key`],
      strictHostKeyChecking: 'accept-new',
      knownHostsFiles: ['/cfg/known_hosts'],
      proxyJump: [{ host: 'bastion', user: 'jumper', port: 2022 }],
      serverAliveIntervalSec: 30,
      forwardAgent: true,
    })
  })

  it('ansible_* vars > CLI flags > common args > extra args > ssh config', () => {
    const vars = {
      ansible_host: 'web1',
      ansible_port: 2201,
      ansible_ssh_common_args:
        '-o User=argsuser -o Port=2300 -i /args/key -o ConnectTimeout=7 -o StrictHostKeyChecking=no',
      ansible_ssh_extra_args: '-o User=extrauser -o ServerAliveCountMax=9 -o ConnectTimeout=8',
    }
    const p = sshParamsFor('x', vars, { sshConfigFile: config, privateKey: '/cli/key', timeoutSec: 5 })
    expect(p.port).to.equal(2201)
    expect(p.user).to.equal('argsuser')
    expect(p.connectTimeoutSec).to.equal(5)
    expect(p.serverAliveCountMax).to.equal(9)
    expect(p.strictHostKeyChecking).to.equal('no')
    expect(p.identityFiles).to.deep.equal(['/cli/key', '/args/key', `${homedir()}/.ssh/cfg_key`])
    const withVar = sshParamsFor(
      'x',
      { ...vars, ansible_user: 'varuser', ansible_ssh_private_key_file: '/var/key' },
      {
        sshConfigFile: config,
        user: 'cliuser',
        privateKey: '/cli/key',
      },
    )
    expect(withVar.user).to.equal('varuser')
    expect(withVar.identityFiles[0]).to.equal('/var/key')
    expect(
      sshParamsFor('x', { ansible_host: 'web1' }, { sshConfigFile: config, user: 'cliuser' }).user,
    ).to.equal('cliuser')
  })

  it('takes passwords from ansible_password or ansible_ssh_pass', () => {
    expect(sshParamsFor('h', { ansible_password: 'a' }, { sshConfigFile: none }).password).to.equal('a')
    expect(sshParamsFor('h', { ansible_ssh_pass: 'b' }, { sshConfigFile: none }).password).to.equal('b')
  })

  it('reads MaxSessions, ProxyJump none and lists unsupported options', () => {
    const p = sshParamsFor(
      'web1',
      { ansible_ssh_common_args: "-o MaxSessions=4 -J none -o 'Compression yes' -o ControlMaster=auto" },
      { sshConfigFile: config },
    )
    expect(p.maxSessions).to.equal(4)
    expect(p.proxyJump).to.deep.equal([])
    expect(p.ignored).to.deep.equal(['compression'])
  })

  it('reads ProxyCommand with its tokens; of ProxyJump and ProxyCommand the first given wins', () => {
    const params = (vars: Record<string, unknown>, file = none) =>
      sshParamsFor('web1', vars, { sshConfigFile: file })
    const p = params({
      ansible_host: '10.0.0.5',
      ansible_user: 'ops',
      ansible_port: 2222,
      ansible_ssh_common_args: `-o ProxyCommand="ssh -W %h:%p -l %r bastion # %n 100%%"`,
    })
    expect(p).to.deep.include({
      proxyCommand: 'ssh -W 10.0.0.5:2222 -l ops bastion # 10.0.0.5 100%',
      proxyJump: [],
    })
    expect(p.ignored).to.deep.equal([])
    // the config file's ProxyJump comes after the arguments' ProxyCommand, and the other way round
    const args = params({ ansible_ssh_common_args: '-o ProxyCommand="nc %h %p"' }, config)
    expect(args).to.deep.include({ proxyCommand: 'nc web1.example.com 2200', proxyJump: [] })
    const both = params({ ansible_ssh_common_args: '-o ProxyCommand="nc %h %p" -J gw' })
    expect(both).to.deep.include({
      proxyCommand: undefined,
      proxyJump: [{ host: 'gw', user: undefined, port: undefined }],
    })
    const off = params({ ansible_ssh_common_args: '-o ProxyCommand=none' }, config)
    expect(off).to.deep.include({ proxyCommand: undefined, proxyJump: [] })
  })

  it('follows Include: wildcards in order, inside a Host block, relative to ~/.ssh', () => {
    const inc = mkdtempSync(join(tmpdir(), 'tsplay-ssh-include-'))
    mkdirSync(join(inc, 'conf.d'))
    writeFileSync(join(inc, 'conf.d', '10-first.conf'), 'Host db1\n  HostName db1.internal\n')
    writeFileSync(join(inc, 'conf.d', '20-second.conf'), 'Host db1\n  HostName second\n  Port 2201\n')
    writeFileSync(join(inc, 'conf.d', '.hidden.conf'), 'Host db1\n  User hidden\n')
    writeFileSync(join(inc, 'web-extra'), 'IdentityFile /keys/web\nHost other\n  User otheruser\n')
    mkdirSync(join(inc, '.ssh'))
    writeFileSync(join(inc, '.ssh', 'relative.conf'), 'Host rel\n  User reluser\n')
    const main = join(inc, 'config')
    writeFileSync(
      main,
      [
        `Include ${inc}/conf.d/*.conf`,
        'Host web*',
        '  User mainuser',
        `  Include ${inc}/web-extra`,
        '  Port 2300',
        'Include relative.conf',
        'Host *',
        '  ConnectTimeout 7',
      ].join('\n'),
    )
    const home = process.env['HOME']
    process.env['HOME'] = inc
    try {
      const at = (host: string) => sshParamsFor(host, {}, { sshConfigFile: main })
      expect(at('db1')).to.deep.include({ hostname: 'db1.internal', port: 2201, connectTimeoutSec: 7 })
      expect(at('db1').user).to.equal(userInfo().username)
      expect(at('web1')).to.deep.include({ user: 'mainuser', port: 2300, identityFiles: ['/keys/web'] })
      expect(at('other').user).to.equal('otheruser')
      expect(at('rel').user).to.equal('reluser')
      expect(at('db1').ignored).to.deep.equal([])
    } finally {
      process.env['HOME'] = home
    }
  })

  it('takes --ssh-common-args, --ssh-extra-args and -k only where the host sets none', () => {
    const cli = { sshConfigFile: none, commonArgs: '-o Port=2201', extraArgs: '-l cliuser', password: 'pw' }
    expect(sshParamsFor('h', {}, cli)).to.deep.include({ port: 2201, user: 'cliuser', password: 'pw' })
    const own = sshParamsFor(
      'h',
      { ansible_ssh_common_args: '-o Port=2202', ansible_ssh_extra_args: '-l own', ansible_password: 'x' },
      cli,
    )
    expect(own).to.deep.include({ port: 2202, user: 'own', password: 'x' })
  })

  it('rejects bad numbers', () => {
    expect(() => sshParamsFor('h', { ansible_port: 'abc' }, { sshConfigFile: none })).to.throw(
      SshArgsError,
      /Port/,
    )
  })
})

describe('parseSshArgs', () => {
  it('reads -o K=V, -oK=V, -o "K V", -o K V, -J, -i, -p, -l and skips other flags', () => {
    const l = parseSshArgs("-C -o A=1 -oB=2 -o 'C 3' -o D 4 -J j1,j2 -i k -p 22 -l u -v")
    expect(Object.fromEntries(l)).to.deep.equal({
      a: ['1'],
      b: ['2'],
      c: ['3'],
      d: ['4'],
      proxyjump: ['j1,j2'],
      identityfile: ['k'],
      port: ['22'],
      user: ['u'],
    })
  })

  it('complains about a missing value', () => {
    expect(() => parseSshArgs('-o')).to.throw(SshArgsError)
  })
})

describe('parseJump', () => {
  it('reads user@host:port lists, [ipv6]:port and ssh:// URLs', () => {
    expect(parseJump('a@b:2,c,ssh://d@e:3,[::1]:4')).to.deep.equal([
      { host: 'b', user: 'a', port: 2 },
      { host: 'c', user: undefined, port: undefined },
      { host: 'e', user: 'd', port: 3 },
      { host: '::1', user: undefined, port: 4 },
    ])
  })
})
