/** Real outputs from hosts, for the fact parsers. */
export const OS_RELEASE_UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`

export const OS_RELEASE_DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`

export const OS_RELEASE_ALMA_9 = `NAME="AlmaLinux"
VERSION="9.4 (Seafoam Ocelot)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="AlmaLinux 9.4 (Seafoam Ocelot)"
ANSI_COLOR="0;34"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"

ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
ALMALINUX_MANTISBT_PROJECT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="AlmaLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
SUPPORT_END=2032-06-01
`

export const MEMINFO = `MemTotal:        8039548 kB
MemFree:         1203472 kB
MemAvailable:    5903712 kB
Buffers:          310496 kB
Cached:          4201984 kB
SwapCached:         1024 kB
Active:          3455460 kB
Inactive:        2649512 kB
SwapTotal:       2097148 kB
SwapFree:        2048000 kB
Dirty:               132 kB
HugePages_Total:       0
`

export const IP_ADDR_JSON = JSON.stringify([
  {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    addr_info: [
      { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' },
      { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' },
    ],
  },
  {
    ifindex: 2,
    ifname: 'ens3',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    link_type: 'ether',
    address: '52:54:00:12:34:56',
    addr_info: [
      {
        family: 'inet',
        local: '10.0.2.15',
        prefixlen: 24,
        broadcast: '10.0.2.255',
        scope: 'global',
        label: 'ens3',
      },
      {
        family: 'inet',
        local: '10.0.2.99',
        prefixlen: 24,
        broadcast: '10.0.2.255',
        scope: 'global',
        label: 'ens3:1',
      },
      { family: 'inet6', local: 'fe80::5054:ff:fe12:3456', prefixlen: 64, scope: 'link' },
    ],
  },
  {
    ifindex: 3,
    ifname: 'br-int',
    flags: ['BROADCAST', 'MULTICAST'],
    mtu: 1450,
    link_type: 'ether',
    address: '02:42:ac:11:00:01',
    addr_info: [{ family: 'inet', local: '172.17.0.1', prefixlen: 16, scope: 'global', label: 'br-int' }],
  },
])

export const ROUTE4_JSON =
  '[{"dst":"default","gateway":"10.0.2.2","dev":"ens3","protocol":"dhcp","prefsrc":"10.0.2.15","metric":100,"flags":[]}]'

export const CPUINFO_X86 = [0, 1, 2, 3]
  .map(
    (i) => `processor\t: ${i}
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
physical id\t: ${i < 2 ? 0 : 1}
siblings\t: 2
core id\t\t: ${i % 2}
cpu cores\t: 1
flags\t\t: fpu vme
`,
  )
  .join('\n')

export const CPUINFO_ARM = `processor\t: 0
BogoMIPS\t: 50.00
CPU implementer\t: 0x41

processor\t: 1
BogoMIPS\t: 50.00
CPU implementer\t: 0x41

Hardware\t: BCM2835
`
