import { expect } from 'chai'
import { groupModule } from '../../../../engine/modules/group.js'
import { rebootModule, rebootCommand } from '../../../../engine/modules/reboot.js'
import { serviceModule } from '../../../../engine/modules/service.js'
import { systemdModule } from '../../../../engine/modules/systemd.js'
import { userModule, userPlan } from '../../../../engine/modules/user.js'
import type { ExecOptions } from '../../../../engine/connection/types.js'
import { ctxOf, execute, failureOf, MUTATING, TableConn } from './fake.js'

const show = (active: string, file: string, load = 'loaded') => ({
  stdout: `ActiveState=${active}\nUnitFileState=${file}\nLoadState=${load}\n`,
})

describe('systemd and service (fake host)', () => {
  it('reads with ONE systemctl show and starts/enables what differs', async () => {
    const conn = new TableConn([[/systemctl show/, show('inactive', 'disabled')]])
    const { plan, result } = await execute(
      systemdModule,
      { name: 'containerd', state: 'started', enabled: true },
      ctxOf(conn),
    )
    expect(plan.changed).to.equal(true)
    expect(conn.commands()).to.deep.equal([
      'systemctl show -p ActiveState,UnitFileState,LoadState -- containerd',
      'systemctl enable -- containerd',
      'systemctl start -- containerd',
      'systemctl show -p ActiveState,UnitFileState,LoadState -- containerd',
    ])
    expect(result).to.deep.include({ name: 'containerd', state: 'started', enabled: true, changed: true })
  })
  it('is idempotent when running and enabled; restarted is always a change', async () => {
    const conn = new TableConn([[/systemctl show/, show('active', 'enabled')]])
    expect(
      (await execute(systemdModule, { name: 'kubelet', state: 'started', enabled: true }, ctxOf(conn))).plan
        .changed,
    ).to.equal(false)
    const check = new TableConn([[/systemctl show/, show('active', 'enabled')]])
    const r = await execute(
      systemdModule,
      { name: 'kubelet', state: 'restarted' },
      ctxOf(check, { checkMode: true }),
    )
    expect(r.plan.changed).to.equal(true)
    expect(check.commands().filter((c) => MUTATING.test(c))).to.deep.equal([])
  })
  it('daemon_reload runs first and the unit is read again (a new unit file)', async () => {
    let loaded = false
    const conn = new TableConn([
      [/daemon-reload/, () => ((loaded = true), {})],
      [/systemctl show/, () => (loaded ? show('inactive', 'disabled') : show('inactive', '', 'not-found'))],
    ])
    await execute(
      systemdModule,
      { name: 'kubelet.service', daemon_reload: true, state: 'started', no_block: true },
      ctxOf(conn),
    )
    expect(conn.commands().slice(1, 4)).to.deep.equal([
      'systemctl daemon-reload',
      'systemctl show -p ActiveState,UnitFileState,LoadState -- kubelet.service',
      'systemctl --no-block start -- kubelet.service',
    ])
  })
  it('fails on a unit that does not exist, and on a host without systemd', async () => {
    const conn = new TableConn([[/systemctl show/, show('inactive', '', 'not-found')]])
    expect(
      (await failureOf(execute(systemdModule, { name: 'nope', state: 'started' }, ctxOf(conn)))).message,
    ).to.match(/Could not find the requested service nope/)
    const down = new TableConn([
      [
        /systemctl show/,
        { rc: 1, stderr: "System has not been booted with systemd as init system (PID 1). Can't operate." },
      ],
    ])
    expect(
      (await failureOf(execute(systemdModule, { name: 'x', state: 'started' }, ctxOf(down)))).message,
    ).to.match(/not been booted with systemd/)
  })
  it('masked: mask a unit', async () => {
    const conn = new TableConn([[/systemctl show/, show('inactive', 'disabled')]])
    await execute(systemdModule, { name: 'ufw', masked: true }, ctxOf(conn))
    expect(conn.commands()[1]).to.equal('systemctl mask -- ufw')
  })
  it('service uses systemd on a systemd host, `service` on sysvinit', async () => {
    const sd = new TableConn([
      [/run\/systemd\/system/, { stdout: 'systemd\n' }],
      [/systemctl show/, show('active', 'enabled')],
    ])
    await execute(serviceModule, { name: 'ssh', state: 'restarted' }, ctxOf(sd))
    expect(sd.commands()).to.include('systemctl restart -- ssh')
    const sysv = new TableConn([[/run\/systemd\/system/, { stdout: 'sysv 3\n' }]])
    await execute(serviceModule, { name: 'ssh', state: 'started' }, ctxOf(sysv))
    expect(sysv.commands()[1]).to.equal('service ssh start')
  })
})

describe('user and group (fake host)', () => {
  const KUBE =
    '@@passwd\nkube:x:1001:1001:Kube:/home/kube:/bin/sh\n@@groups\nkube docker\n@@primary\nkube:x:1001:\n'
  it('creates a missing user; the password goes to chpasswd on stdin only', async () => {
    const conn = new TableConn([[/getent passwd/, { stdout: '@@passwd\n@@groups\n@@primary\n@@shadow\n' }]])
    const args = {
      name: 'deploy',
      uid: 1500,
      groups: ['sudo', 'docker'],
      shell: '/bin/bash',
      password: '$6$s$HASH',
      comment: 'Deploy user',
    }
    const { result } = await execute(userModule, args, ctxOf(conn))
    expect(conn.commands()[1]).to.equal(
      "useradd -u 1500 -G sudo,docker -c 'Deploy user' -s /bin/bash -m deploy",
    )
    expect(conn.calls[2]).to.deep.equal({ command: 'chpasswd -e', stdin: 'deploy:$6$s$HASH\n' })
    expect(conn.commands().join('\n')).not.to.include('HASH')
    expect(JSON.stringify(result)).not.to.include('HASH')
    expect(result.password).to.equal('NOT_LOGGING_PASSWORD')
  })
  it('modifies only what differs; append adds groups; an equal user is unchanged', () => {
    const cur = {
      passwd: { name: 'kube', uid: 1001, gid: 1001, comment: 'Kube', home: '/home/kube', shell: '/bin/sh' },
      groups: ['kube', 'docker'],
      primary: 'kube',
    }
    expect(
      userPlan({ name: 'kube', shell: '/bin/bash', groups: ['sudo'], append: true }, cur).commands,
    ).to.deep.equal(['usermod -G sudo -a -s /bin/bash kube'])
    expect(userPlan({ name: 'kube', groups: ['sudo'] }, cur).commands).to.deep.equal(['usermod -G sudo kube'])
    expect(
      userPlan({ name: 'kube', groups: 'docker', shell: '/bin/sh', uid: 1001 }, cur).commands,
    ).to.deep.equal([])
    expect(userPlan({ name: 'kube', state: 'absent', remove: true }, cur).commands).to.deep.equal([
      'userdel -r kube',
    ])
  })
  it('check mode reads only (no shadow without password)', async () => {
    const conn = new TableConn([[/getent passwd/, { stdout: KUBE }]])
    const { plan } = await execute(
      userModule,
      { name: 'kube', shell: '/bin/bash' },
      ctxOf(conn, { checkMode: true }),
    )
    expect(plan.changed).to.equal(true)
    expect(plan.diff).to.deep.equal([
      { path: 'user kube', before: 'shell: /bin/sh\n', after: 'shell: /bin/bash\n' },
    ])
    expect(conn.commands()).to.have.length(1)
    expect(conn.commands()[0]).not.to.include('shadow')
  })
  it('groups: add, change gid, remove', async () => {
    const missing = new TableConn([[/getent group/, { rc: 2 }]])
    await execute(groupModule, { name: 'docker', gid: 998, system: true }, ctxOf(missing))
    expect(missing.commands()[1]).to.equal('groupadd -g 998 -r docker')
    const there = new TableConn([[/getent group/, { stdout: 'docker:x:999:\n' }]])
    await execute(groupModule, { name: 'docker', gid: 998 }, ctxOf(there))
    expect(there.commands()[1]).to.equal('groupmod -g 998 docker')
    const same = new TableConn([[/getent group/, { stdout: 'docker:x:998:\n' }]])
    expect((await execute(groupModule, { name: 'docker', gid: 998 }, ctxOf(same))).plan.changed).to.equal(
      false,
    )
  })
})

describe('reboot', () => {
  it('refuses a connection that cannot reconnect', async () => {
    const err = await failureOf(execute(rebootModule, {}, ctxOf(new TableConn())))
    expect(err.message).to.match(/cannot reconnect/)
  })
  it('reboots in the background, reconnects until the boot id changes, then runs test_command', async function () {
    this.timeout(20000)
    let rebooted = false
    let reconnects = 0
    const conn = new TableConn([
      [/boot_id/, () => ({ stdout: rebooted && reconnects >= 2 ? 'new-id\n' : 'old-id\n' })],
      [/nohup sh -c/, () => ((rebooted = true), {})],
    ])
    Object.assign(conn, {
      reconnect: async (_o?: ExecOptions) => {
        reconnects++
        if (reconnects === 1) throw new Error('refused')
      },
    })
    const { result } = await execute(rebootModule, { test_command: 'uptime' }, ctxOf(conn))
    expect(result).to.deep.include({ changed: true, rebooted: true })
    const cmds = conn.commands()
    expect(cmds[1]).to.equal(
      `nohup sh -c 'sleep 1; shutdown -r now '"'"'Reboot initiated by Ansible'"'"' || systemctl reboot || reboot' >/dev/null 2>&1 &`.replace(
        /'"'"'/g,
        `'\\''`,
      ),
    )
    expect(cmds[cmds.length - 1]).to.equal('uptime')
    expect(reconnects).to.be.greaterThanOrEqual(2)
    expect(rebootCommand({ pre_reboot_delay: 5, msg: 'k8s' })).to.include('sleep 5; shutdown -r now k8s')
  })
})
