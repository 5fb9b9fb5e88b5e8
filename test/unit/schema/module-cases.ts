/** One valid and one invalid argument set per module, with what the invalid one must report. */
export interface ModuleCase {
  ok: string
  bad: string
  key: string
  hint: RegExp
}

export const moduleCases: Record<string, ModuleCase> = {
  command: {
    ok: 'cmd: ls -l\nchdir: /tmp\ncreates: /x',
    bad: 'cmd: ls\nargv: [ls]',
    key: 'argv',
    hint: /only one of `cmd` and `argv`/,
  },
  shell: {
    ok: 'cmd: echo $HOME | wc\nexecutable: /bin/bash',
    bad: 'chdir: /tmp',
    key: 'cmd',
    hint: /add `cmd`/,
  },
  raw: {
    ok: '_raw_params: uptime\nexecutable: /bin/sh',
    bad: '_raw_params: uptime\nexecutible: /bin/sh',
    key: 'executible',
    hint: /did you mean `executable`/,
  },
  script: {
    ok: 'cmd: setup.sh --fast\nremoves: /tmp/x',
    bad: 'cmd: a.sh\ncreates: [a]',
    key: 'creates',
    hint: /must be a string/,
  },
  meta: {
    ok: '_raw_params: flush_handlers',
    bad: '_raw_params: flush',
    key: '',
    hint: /one of flush_handlers.*did you mean `flush_handlers`/,
  },
  copy: {
    ok: 'src: a.conf\ndest: /etc/a.conf\nmode: "0644"\nbackup: yes',
    bad: 'src: a\ndset: /b',
    key: 'dset',
    hint: /did you mean `dest`\?/,
  },
  template: {
    ok: 'src: a.j2\ndest: /etc/a\nvalidate: nginx -t -c %s',
    bad: 'src: a.j2',
    key: 'dest',
    hint: /add `dest`/,
  },
  file: {
    ok: 'path: /srv\nstate: directory\nrecurse: true',
    bad: 'path: /srv\nstate: dir',
    key: 'state',
    hint: /one of file, directory, link, hard, touch, absent/,
  },
  stat: {
    ok: 'path: /etc/passwd\nget_checksum: false\nchecksum_algorithm: sha256',
    bad: 'path: /x\nchecksum_algorithm: sha3',
    key: 'checksum_algorithm',
    hint: /one of md5, sha1/,
  },
  fetch: {
    ok: 'src: /var/log/syslog\ndest: logs/\nflat: true',
    bad: 'src: /x\ndest: y\nflat: sometimes',
    key: 'flat',
    hint: /must be a boolean/,
  },
  slurp: {
    ok: 'src: /etc/hostname',
    bad: 'file: /etc/hostname',
    key: 'file',
    hint: /valid arguments: src, path/,
  },
  get_url: {
    ok: 'url: https://x/y.tgz\ndest: /tmp/y.tgz\nchecksum: "sha256:abc"\ntimeout: 30',
    bad: 'url: https://x\ndest: /tmp\nheaders: [a]',
    key: 'headers',
    hint: /must be a mapping/,
  },
  unarchive: {
    ok: 'src: /tmp/a.tgz\ndest: /opt\nremote_src: true\nextra_opts: [--strip-components=1]',
    bad: 'src: a.tgz\ndest: /opt\nremote: true',
    key: 'remote',
    hint: /./,
  },
  lineinfile: {
    ok: 'path: /etc/hosts\nregexp: "^127"\nline: 127.0.0.1 localhost',
    bad: 'path: /x\nline: a\ninsertafter: EOF\ninsertbefore: BOF',
    key: 'insertafter',
    hint: /only one of `insertbefore` and `insertafter`/,
  },
  blockinfile: {
    ok: 'path: /etc/ssh/sshd_config\nblock: |\n  Match User x\n  PasswordAuthentication no\nmarker: "# {mark} X"',
    bad: 'path: /x\nstate: gone',
    key: 'state',
    hint: /one of present, absent/,
  },
  replace: {
    ok: 'path: /etc/x\nregexp: "^old"\nreplace: new',
    bad: 'path: /etc/x\nreplace: new',
    key: 'regexp',
    hint: /add `regexp`/,
  },
  debug: {
    ok: 'msg: "hello {{ name }}"\nverbosity: 1',
    bad: 'var: a\nverbosity: high',
    key: 'verbosity',
    hint: /whole number/,
  },
  set_fact: {
    ok: 'answer: 42\nitems: [1, 2]\ncacheable: true',
    bad: 'bad-name: 1',
    key: 'bad-name',
    hint: /`bad_name`/,
  },
  assert: {
    ok: 'that:\n  - x > 1\n  - y is defined\nfail_msg: nope\nquiet: true',
    bad: 'fail_msg: nope',
    key: 'that',
    hint: /add `that`/,
  },
  fail: { ok: 'msg: stop here', bad: 'message: stop', key: 'message', hint: /did you mean `msg`/ },
  pause: {
    ok: 'seconds: 5',
    bad: 'seconds: 5\nminutes: 1',
    key: 'minutes',
    hint: /only one of `seconds` and `minutes`/,
  },
  wait_for: {
    ok: 'port: 22\nhost: 10.0.0.1\ntimeout: 60\nstate: started',
    bad: 'port: 99999',
    key: 'port',
    hint: /port number/,
  },
  setup: {
    ok: 'gather_subset: [min, network]\nfilter: ansible_eth*',
    bad: 'gather_subsets: [min]',
    key: 'gather_subsets',
    hint: /did you mean `gather_subset`/,
  },
  ping: { ok: 'data: pong', bad: 'date: pong', key: 'date', hint: /did you mean `data`/ },
  include_vars: {
    ok: 'file: vars/debian.yml\nname: os_vars',
    bad: 'file: a.yml\ndir: vars',
    key: 'dir',
    hint: /only one of `file` and `dir`/,
  },
  uri: {
    ok: 'url: http://localhost/health\nmethod: POST\nbody_format: json\nbody: {a: 1}\nstatus_code: [200, 201]',
    bad: 'url: http://x\nbody_format: xml',
    key: 'body_format',
    hint: /one of form-urlencoded, json, raw, form-multipart/,
  },
  apt: {
    ok: 'name: [nginx, curl]\nstate: present\nupdate_cache: true\ncache_valid_time: 3600',
    bad: 'name: nginx\nstate: installed',
    key: 'state',
    hint: /one of absent, build-dep, latest, present, fixed/,
  },
  dnf: {
    ok: 'name: httpd\nstate: latest\nenablerepo: epel',
    bad: 'name: httpd\nstate: upgraded',
    key: 'state',
    hint: /one of absent, present, installed, removed, latest/,
  },
  yum: {
    ok: 'name: [httpd]\nstate: present\nupdate_cache: yes',
    bad: 'nmae: httpd',
    key: 'nmae',
    hint: /did you mean `name`/,
  },
  package: { ok: 'name: git\nstate: present', bad: 'name: git', key: 'state', hint: /add `state`/ },
  apt_key: {
    ok: 'url: https://x/key.gpg\nstate: present',
    bad: 'url: https://x\nstate: on',
    key: 'state',
    hint: /one of absent, present/,
  },
  apt_repository: {
    ok: 'repo: "deb http://x stable main"\nstate: present\nfilename: x',
    bad: 'state: present',
    key: 'repo',
    hint: /add `repo`/,
  },
  service: {
    ok: 'name: nginx\nstate: restarted\nenabled: true',
    bad: 'name: nginx\nstate: start',
    key: 'state',
    hint: /one of started, stopped, restarted, reloaded/,
  },
  systemd: {
    ok: 'name: nginx\nstate: started\ndaemon_reload: true\nmasked: false',
    bad: 'name: nginx\nenabled: maybe',
    key: 'enabled',
    hint: /must be a boolean/,
  },
  user: {
    ok: 'name: deploy\ngroups: [sudo, docker]\nappend: true\nshell: /bin/bash\nuid: 1001',
    bad: 'name: deploy\nuid: -5',
    key: 'uid',
    hint: /whole number/,
  },
  group: { ok: 'name: docker\ngid: 999\nsystem: true', bad: 'gid: 10', key: 'name', hint: /add `name`/ },
  sysctl: {
    ok: 'name: net.ipv4.ip_forward\nvalue: 1\nsysctl_set: true\nreload: true',
    bad: 'name: vm.swappiness',
    key: 'value',
    hint: /add `value`/,
  },
  modprobe: {
    ok: 'name: br_netfilter\nstate: present\npersistent: present',
    bad: 'name: x\npersistent: yes',
    key: 'persistent',
    hint: /one of disabled, absent, present/,
  },
  mount: {
    ok: 'path: /data\nsrc: /dev/sdb1\nfstype: ext4\nopts: noatime\nstate: mounted',
    bad: 'path: /data\nstate: mount',
    key: 'state',
    hint: /one of absent, absent_from_fstab, mounted/,
  },
  hostname: { ok: 'name: web01', bad: 'hostname: web01', key: 'hostname', hint: /./ },
  reboot: {
    ok: 'reboot_timeout: 600\nmsg: kernel update\ntest_command: uptime',
    bad: 'reboot_timeout: soon',
    key: 'reboot_timeout',
    hint: /whole number/,
  },
}
