/** `tsplay lab` for real: sshd hosts in namespaces on 127.0.0.15x, reached with the system ssh. */
import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labCommand } from '../../engine/cli/commands/lab.js'
import type { Io } from '../../engine/cli/io.js'
import { reportError } from '../../engine/cli/main.js'
import { labDown, labUp, readLab, type Lab } from '../../engine/lab/index.js'
import { sshBanner } from '../../engine/lab/net.js'
import { isAlive, mountsUnder, processes } from '../../engine/lab/procs.js'
import { runCli } from '../helpers/cli.js'

const tmp = mkdtempSync(join(tmpdir(), 'tsplay-lab-test-'))
const flatDir = join(tmp, 'flat')
const k8sDir = join(tmp, 'k8s')
const failDir = join(tmp, 'fail')

interface Result {
  code: number
  stdout: string
  stderr: string
}

/** The command in-process, as main() runs it (the lead registers it in the command list). */
async function lab(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  let stdout = ''
  let stderr = ''
  const io: Io = {
    out: (t) => void (stdout += t),
    outBytes: (d) => void (stdout += d.toString()),
    err: (t) => void (stderr += t),
    isTTY: false,
    env: { ...process.env, ...env },
  }
  let code: number
  try {
    code = await labCommand.run(args, io)
  } catch (err) {
    code = reportError(err, io)
  }
  return { code, stdout, stderr }
}

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

function ssh(l: Lab, address: string, command: string, user = 'root', extra: string[] = []): Promise<Result> {
  const opts = ['-o', `UserKnownHostsFile=${l.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes']
  opts.push('-o', 'ConnectTimeout=5', '-F', '/dev/null')
  if (user === 'root') opts.push('-i', l.keyPath, '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes')
  return exec('ssh', [...opts, ...extra, `${user}@${address}`, command])
}

function refused(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port: 22 })
    s.on('connect', () => (s.destroy(), resolve(false)))
    s.on('error', () => resolve(true))
  })
}

after(async () => {
  for (const dir of [flatDir, k8sDir, failDir]) await labDown(dir).catch(() => undefined)
  rmSync(tmp, { recursive: true, force: true })
})

describe('tsplay lab (real sshd in namespaces)', function () {
  this.timeout(60_000)
  let flat: Lab

  before(async () => {
    const r = await lab(['up', '3', '--layout', 'flat', '--dir', flatDir, '--base', '127.0.0.150'])
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.contain(`inventory: ${flatDir}/inventory.ini`)
    expect(r.stdout).to.contain(`tsplay run playbooks/demo.yml -i ${flatDir}/inventory.ini`)
    flat = readLab(flatDir)!
  })

  // Every lab is stopped even when a test fails: see the root `after` hook above.
  after(async () => {
    for (const dir of [flatDir, k8sDir]) await labDown(dir).catch(() => undefined)
  })

  it('writes an inventory of 3 hosts that log in as root with the lab key', async () => {
    const r = await lab(['inventory', '--dir', flatDir])
    expect(r.code).to.equal(0)
    const hosts = r.stdout.split('\n').filter((l) => /^lab0\d /.test(l))
    expect(hosts.map((l) => l.split(' ').slice(0, 2).join(' '))).to.deep.equal([
      'lab01 ansible_host=127.0.0.150',
      'lab02 ansible_host=127.0.0.151',
      'lab03 ansible_host=127.0.0.152',
    ])
    for (const l of hosts) {
      expect(l).to.contain(`ansible_user=root ansible_ssh_private_key_file=${flatDir}/id_ed25519`)
      expect(l).to.contain(`-o UserKnownHostsFile=${flatDir}/known_hosts -o StrictHostKeyChecking=yes'`)
    }
    expect(r.stdout).to.match(/^\[lab\]$/m)
  })

  it('reaches every host with the system ssh and strict host key checking', async () => {
    for (const h of flat.hosts) {
      const r = await ssh(flat, h.address, 'hostname; cat /etc/hostname')
      expect(r.stderr).to.equal('')
      expect(r.stdout).to.equal(`${h.name}\n${h.name}\n`)
    }
    const keys = readFileSync(flat.knownHostsPath, 'utf8').trim().split('\n')
    expect(keys.map((k) => k.split(' ')[0])).to.deep.equal(flat.hosts.map((h) => h.address))
    expect(new Set(keys.map((k) => k.split(' ')[2])).size).to.equal(3)
  })

  it('keeps files written on one host on that host', async () => {
    const probe = `/etc/tsplay-probe-${flat.id}`
    expect((await ssh(flat, '127.0.0.150', `echo lab01 > ${probe} && cat ${probe}`)).stdout).to.equal(
      'lab01\n',
    )
    expect((await ssh(flat, '127.0.0.150', `cat ${probe}`)).stdout).to.equal('lab01\n')
    expect((await ssh(flat, '127.0.0.151', `test -e ${probe}`)).code).to.equal(1)
    expect(existsSync(probe)).to.equal(false)
  })

  it('gives each host its own processes (PID namespace) and read-only sysctls', async () => {
    const started = await ssh(flat, '127.0.0.150', 'setsid sleep 4242 </dev/null >/dev/null 2>&1 & echo ok')
    expect(started.stdout).to.equal('ok\n')
    const ps = (address: string) => ssh(flat, address, 'ps -eo pid=,args=')
    const one = (await ps('127.0.0.150')).stdout
    expect(one).to.match(/^\s*\d+ sleep 4242$/m)
    expect(one).to.match(/^\s*1 sshd: /m)
    expect((await ps('127.0.0.151')).stdout).not.to.contain('sleep 4242')
    const sysctl = await ssh(flat, '127.0.0.151', 'echo 1 > /proc/sys/net/ipv4/ip_forward')
    expect(sysctl.code).not.to.equal(0)
  })

  it('has a deploy user that logs in with its password and becomes root with sudo', async () => {
    const password = readFileSync(flat.deployPasswordPath, 'utf8').trim()
    const askpass = join(tmp, 'askpass.sh')
    writeFileSync(askpass, `#!/bin/sh\necho '${password}'\n`)
    chmodSync(askpass, 0o700)
    const env = { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'lab' }
    const args = [
      '-o',
      `UserKnownHostsFile=${flat.knownHostsPath}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-F',
      '/dev/null',
    ]
    args.push(
      '-o',
      'PubkeyAuthentication=no',
      'deploy@127.0.0.152',
      `echo '${password}' | sudo -S -p '' id -un`,
    )
    const r = await exec('ssh', args, env)
    expect(r.stdout).to.equal('root\n')
  })

  it('status shows every host up', async () => {
    const r = await lab(['status', '--dir', flatDir])
    expect(r.code).to.equal(0)
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0] + ' ' + l.trim().split(/\s+/).pop()),
    ).to.deep.equal(['lab01 up', 'lab02 up', 'lab03 up'])
  })

  it('refuses a second up in the same directory', async () => {
    const r = await lab(['up', '1', '--dir', flatDir, '--base', '127.0.0.160'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(/LAB_ALREADY_UP.*tsplay lab down --dir/)
  })

  it('k8s layout: groups as the project inventories, skipping busy addresses', async () => {
    const up = await lab(['up', '6', '--dir', k8sDir, '--base', '127.0.0.150'])
    expect(up.code).to.equal(0)
    expect(up.stdout).to.contain('(k8s layout)')
    expect(up.stdout).to.contain('skipped (already listening on :22): 127.0.0.150, 127.0.0.151, 127.0.0.152')
    const k8s = readLab(k8sDir)!
    expect(k8s.hosts.map((h) => `${h.name}=${h.address}`)).to.deep.equal([
      'bastion=127.0.0.153',
      'harbor=127.0.0.154',
      'master01=127.0.0.155',
      'node01=127.0.0.156',
      'node02=127.0.0.157',
      'gpu01=127.0.0.158',
    ])
    const ans = await exec('ansible-inventory', ['-i', k8s.inventoryPath, '--list'])
    const inv = JSON.parse(ans.stdout) as Record<string, { hosts?: string[]; children?: string[] }>
    expect(inv['bastion_host']?.hosts).to.deep.equal(['bastion'])
    expect(inv['registry']?.hosts).to.deep.equal(['harbor'])
    expect(inv['kube_master']?.hosts).to.deep.equal(['master01'])
    expect(inv['kube_node']?.hosts).to.deep.equal(['node01', 'node02'])
    expect(inv['kube_gpu']?.hosts).to.deep.equal(['gpu01'])
    expect(inv['kube_worker']?.children).to.have.members(['kube_node', 'kube_gpu'])
    expect(inv['kube_cluster']?.children).to.have.members(['kube_master', 'kube_worker'])
    const ours = await runCli(['inventory', '-i', k8s.inventoryPath, '--list'])
    expect(JSON.parse(ours.stdout)).to.deep.equal(inv)
    expect((await ssh(k8s, '127.0.0.158', 'hostname')).stdout).to.equal('gpu01\n')
    // A host that died: status says so (exit 4), down still cleans up the rest.
    process.kill(k8s.hosts[5]!.pid, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 200))
    const status = await lab(['status', '--dir', k8sDir])
    expect(status.code).to.equal(4)
    expect(status.stdout).to.match(/^gpu01 .* down \(not running\)$/m)
    expect(status.stdout.match(/ up$/gm)).to.have.length(5)
    expect((await lab(['down', '--dir', k8sDir])).stdout).to.contain('5 host(s) stopped')
  })

  it('down kills every host process, leaves no mount, closes the ports and removes the directory', async () => {
    const r = await lab(['down', '--dir', flatDir])
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal(`lab down: 3 host(s) stopped, ${flatDir} removed\n`)
    for (const h of flat.hosts) expect(isAlive(h.pid), `${h.name} pid ${h.pid}`).to.equal(false)
    const left = processes().filter((p) => p.argv.some((a) => a.includes(`tsplay-lab-${flat.id}.conf`)))
    expect(left).to.deep.equal([])
    expect(mountsUnder(flatDir)).to.deep.equal([])
    expect(existsSync(flatDir)).to.equal(false)
    for (const h of flat.hosts) {
      expect(await refused(h.address)).to.equal(true)
      expect(await sshBanner(h.address, 22)).to.equal(false)
    }
    const again = await lab(['down', '--dir', flatDir])
    expect(again).to.deep.include({ code: 0, stdout: `no lab is up in ${flatDir}\n` })
    expect((await lab(['status', '--dir', flatDir])).stdout).to.equal(`no lab is up in ${flatDir}\n`)
  })
})

describe('tsplay lab errors', function () {
  this.timeout(30_000)

  it('needs root', async () => {
    const err = await labUp({ count: 1, dir: failDir, uid: 1000 }).catch((e: unknown) => e)
    expect(err).to.have.property('code', 'LAB_NEEDS_ROOT')
    expect(err).to.have.property('exitCode', 5)
    expect(existsSync(failDir)).to.equal(false)
  })

  it('needs openssh-server, and says how to install it', async () => {
    const r = await lab(['up', '1', '--dir', failDir], { TSPLAY_LAB_SSHD: '/nonexistent/sshd' })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(/LAB_NEEDS_SSHD.*\/nonexistent\/sshd.*apt-get install -y openssh-server/)
    expect(existsSync(failDir)).to.equal(false)
  })

  it('names the host that did not come up, shows its log and cleans up', async () => {
    const r = await lab(['up', '2', '--dir', failDir, '--base', '127.0.0.190'], {
      TSPLAY_LAB_SSHD: '/bin/false',
    })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(
      /LAB_HOST_FAILED: lab host lab0[12] \(127\.0\.0\.19[01]\) did not come up: exited/,
    )
    expect(existsSync(failDir)).to.equal(false)
  })

  it('rejects bad usage with exit 5', async () => {
    const cases: [string[], RegExp][] = [
      [['up', '3', '--layout', 'k8s', '--dir', failDir], /needs at least 5 hosts/],
      [['up', 'three', '--dir', failDir], /host count must be a number/],
      [['up', '0', '--dir', failDir], /from 1 to 200/],
      [['up', '2', '--base', '10.0.0.1', '--dir', failDir], /--base must be a loopback/],
      [['frob'], /unknown action `frob`/],
      [['inventory', '--dir', failDir], /LAB_NOT_UP/],
    ]
    for (const [args, pattern] of cases) {
      const r = await lab(args)
      expect(r.code, args.join(' ')).to.equal(5)
      expect(r.stderr).to.match(pattern)
    }
    expect(existsSync(failDir)).to.equal(false)
    expect(labCommand.help).to.contain('Examples:')
  })
})
