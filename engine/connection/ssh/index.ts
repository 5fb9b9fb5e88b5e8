/** The SSH transport: `SshConnectionFactory` opens one connection per host; see docs/ssh.md. */
export { SshConnectionFactory, type SshFactoryOptions } from './factory.js'
export { SshConnection } from './connection.js'
export {
  sshParamsFor,
  parseSshArgs,
  parseJump,
  SshArgsError,
  type SshParams,
  type SshCliOptions,
  type JumpHop,
  type StrictHostKeyChecking,
} from './params.js'
export { fingerprint, hashHostName, hostKeyName, parseKnownHosts, checkHostKey } from './known-hosts.js'
export { terminalPassphrase, type AskPassphrase } from './auth.js'
