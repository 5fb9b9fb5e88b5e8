/**
 * The shell script each lab host runs inside its fresh mount/PID/UTS namespaces. It is embedded here
 * (tsc copies no other files into dist/) and written to the lab directory by `labUp`.
 *
 * Outer stage, on the machine's filesystem: `setup.sh ROOT NAME ADDRESS PORT LAB ID` mounts a tmpfs on
 * ROOT (an empty directory), an overlay over / on ROOT/root, fresh /proc, /sys, /dev/pts, /tmp and
 * /run; copies the lab's files into the new /run; then re-runs itself chrooted (inner stage), so that
 * every file it writes resolves inside the overlay even through symlinks. The inner stage ends by
 * exec-ing sshd, which becomes PID 1 of the host's PID namespace.
 */
export const SETUP_SCRIPT = `#!/bin/sh
set -eu
SSHD=\${TSPLAY_LAB_SSHD:-/usr/sbin/sshd}
if [ "\${1:-}" = inner ]; then
  NAME=$2 ADDR=$3 PORT=$4 ID=$5 T=/run/tsplay-lab
  rm -f /etc/hostname /etc/hosts
  echo "$NAME" > /etc/hostname
  cp "$T/hosts" /etc/hosts
  cp -a /etc/skel/. /root/ 2>/dev/null || true
  mkdir -m 0700 /root/.ssh
  cp "$T/id_ed25519.pub" /root/.ssh/authorized_keys
  chmod 0600 /root/.ssh/authorized_keys
  cp "$T/host_key" /etc/ssh/tsplay_lab_host_ed25519_key
  chmod 0600 /etc/ssh/tsplay_lab_host_ed25519_key
  # With UsePAM no, sshd refuses even key logins to a locked ("!") account.
  sed -i 's/^root:![^:]*:/root:*:/' /etc/shadow
  id deploy >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo deploy
  printf 'deploy:%s\\n' "$(cat "$T/deploy_password")" | chpasswd
  cat > "/etc/ssh/tsplay-lab-$ID.conf" <<CONF
ListenAddress $ADDR:$PORT
HostKey /etc/ssh/tsplay_lab_host_ed25519_key
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
MaxSessions 64
MaxStartups 100:30:200
StrictModes no
PidFile none
LogLevel ERROR
UseDNS no
PrintMotd no
X11Forwarding no
Subsystem sftp internal-sftp
CONF
  rm -rf "$T"
  # Nor its network, modules or clock: those are not namespaced.
  exec setpriv --bounding-set -net_admin,-sys_module,-sys_time -- "$SSHD" -D -e -f "/etc/ssh/tsplay-lab-$ID.conf"
fi
R=$1 NAME=$2 ADDR=$3 PORT=$4 LAB=$5 ID=$6
# Writes land on this tmpfs; the mount namespace is private, so the machine never sees it.
mount -t tmpfs -o mode=0755 tsplay-lab "$R"
mkdir "$R/upper" "$R/work" "$R/root"
M=$R/root
mount -t overlay -o lowerdir=/,upperdir="$R/upper",workdir="$R/work" tsplay-lab "$M"
mount -t proc proc "$M/proc"
# The kernel is shared: keep sysctls and /sys read-only so a play cannot retune the machine.
for p in sys sysrq-trigger; do
  [ -e "$M/proc/$p" ] || continue
  mount --bind "$M/proc/$p" "$M/proc/$p"
  mount -o remount,bind,ro "$M/proc/$p"
done
mount -t sysfs -o ro sysfs "$M/sys"
mount --bind /dev "$M/dev"
# A private devpts instance: one host's ptys are not visible in another.
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$M/dev/pts"
mount --bind "$M/dev/pts/ptmx" "$M/dev/ptmx"
mount -t tmpfs -o mode=1777 shm "$M/dev/shm"
mount -t tmpfs -o mode=1777 tmp "$M/tmp"
mount -t tmpfs -o mode=0755 run "$M/run"
# root's home starts fresh: the machine's (keys, shell setup, tools) is neither seen nor changed,
# and the machine editing its files cannot confuse the overlay.
mount -t tmpfs -o mode=0700 roothome "$M/root"
mkdir -m 0755 "$M/run/sshd"
mkdir -m 0700 "$M/run/tsplay-lab"
cp "$0" "$M/run/tsplay-lab/setup.sh"
cp "$LAB/hosts" "$LAB/id_ed25519.pub" "$LAB/deploy_password" "$M/run/tsplay-lab/"
cp "$LAB/hostkeys/$NAME" "$M/run/tsplay-lab/host_key"
hostname "$NAME"
exec chroot "$M" /bin/sh /run/tsplay-lab/setup.sh inner "$NAME" "$ADDR" "$PORT" "$ID"
`
