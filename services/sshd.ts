import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';

export type SshHostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdParams {
  /** Default 22; a normal user needs one above 1023. */
  port?: number;
  /** Host keys to generate on first start, each instance its own. Default ed25519, ecdsa and rsa, as upstream. */
  hostKeyTypes?: SshHostKeyType[];
  /** Password logins too. Default false: keys only. */
  passwordAuthentication?: boolean;
  /** Through PAM (account checks, sessions), as Debian's own sshd. Default true. */
  usePAM?: boolean;
  /** More sshd_config lines, at the end. */
  extraSSHDConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

const allKeyTypes: SshHostKeyType[] = ['ed25519', 'ecdsa', 'rsa'];

/** Where an sshd instance keeps its host keys: `<dir>/ssh_host_<type>_key` and `.pub`. */
export function sshdHostKeyDir(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.libDir}/${instanceName}`;
}

/**
 * OpenSSH's server (Debian's openssh-server) on its own port, with its own host keys (made on first
 * start), configuration and PID file: never /etc/ssh. Privileged, it runs as root (it must become
 * whoever logs in) with Debian's `sshd` privilege-separation user; unprivileged, it runs as the
 * deployer, who is then the only one who can log in. Ready when ssh-keyscan gets its host keys: a
 * real SSH key exchange, not only an open port.
 */
export function sshd(ctx: ProcessContext): (params?: SshdParams) => ManagedProcess {
  const keygen = programPath(ctx, 'ssh-keygen', 'apt-get install openssh-client');
  const keyscan = programPath(ctx, 'ssh-keyscan', 'apt-get install openssh-client');
  return ({ port = 22, hostKeyTypes = allKeyTypes, passwordAuthentication = false, usePAM = true, extraSSHDConfig = '', instanceSuffix = '', instanceName = `sshd${instanceSuffix}` } = {}) => {
    const keyDir = sshdHostKeyDir(ctx, instanceName);
    const keyFile = (type: SshHostKeyType) => `ssh_host_${type}_key`;
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-sshd_config`,
      text: [
        `Port ${port}`,
        ...hostKeyTypes.map((type) => `HostKey ${keyDir}/${keyFile(type)}`),
        `PidFile ${ctx.runtimeDir}/${instanceName}.pid`,
        'AuthorizedKeysFile .ssh/authorized_keys',
        `PasswordAuthentication ${passwordAuthentication ? 'yes' : 'no'}`,
        'KbdInteractiveAuthentication no',
        `UsePAM ${usePAM ? 'yes' : 'no'}`,
        'PrintMotd no',
        'AcceptEnv LANG LC_*',
        'Subsystem sftp /usr/lib/openssh/sftp-server',
        extraSSHDConfig,
        '',
      ].join('\n'),
    });
    // Keys are made in a scratch folder that becomes the key folder once complete, so an interrupted
    // first start is simply done again and a key pair is never half written.
    const scratch = `${keyDir}.new`;
    const initialize = [
      `if [ ! -d ${shellCommand([keyDir])} ]; then`,
      `  rm -rf ${shellCommand([scratch])}`,
      `  mkdir -p ${shellCommand([scratch])}`,
      ...hostKeyTypes.map((type) => `  ${shellCommand([keygen, '-q', '-t', type, '-N', '', '-C', `${instanceName} host key`, '-f', `${scratch}/${keyFile(type)}`])}`),
      `  mv -T ${shellCommand([scratch, keyDir])}`,
      'fi',
      // Debian's sshd, started as root, chroots its unauthenticated children into this empty folder.
      ...(ctx.forceDisableUserChange ? [] : ['mkdir -p /run/sshd', 'chmod 0755 /run/sshd']),
    ];
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'OpenSSH server',
      process: executable('/usr/sbin/sshd', { install: 'apt-get install openssh-server' }),
      args: ['-f', configFile],
      // -e: log to the output the process manager keeps, rather than syslog.
      foregroundProcessExtraArgs: ['-D', '-e'],
      initialize: `${initialize.join('\n')}\n`,
      ports: [port],
      // One key type: a key exchange is the check, and each type costs a connection (and an sshd).
      readiness: { kind: 'exec', command: [keyscan, '-T', '2', '-t', hostKeyTypes[0] ?? 'ed25519', '-p', String(port), '127.0.0.1'] },
    });
  };
}
