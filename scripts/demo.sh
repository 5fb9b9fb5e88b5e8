#!/usr/bin/env bash
# The quick-start demo: six throwaway SSH hosts (tsplay lab: real sshd in namespaces on
# 127.0.0.x), the demo playbook run on them over SSH twice (the second run reports changed=0),
# then the hosts are removed. Needs root; installs openssh-server from apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "The demo starts lab hosts in namespaces and needs root: sudo npm run demo" >&2
  exit 5
fi
if [ ! -x /usr/sbin/sshd ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
fi
[ -f dist/engine/cli/launch.cjs ] || npm run build
tsplay() { node dist/engine/cli/launch.cjs "$@"; }
dir="$(mktemp -d)/lab"
trap 'tsplay lab down --dir "$dir" >/dev/null' EXIT
tsplay lab up 6 --dir "$dir"
tsplay run playbooks/demo.yml -i "$dir/inventory.ini"
echo
echo "=== the same playbook again: nothing left to change ==="
tsplay run playbooks/demo.yml -i "$dir/inventory.ini" | sed -n '/PLAY RECAP/,$p'
