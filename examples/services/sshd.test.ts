// The OpenSSH model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/sshd.test.ts
// Each server presents its own host key (checked strictly against the key on disk) and lets the
// profile's user log in with a key; password logins are refused.
import assert from 'node:assert/strict';
import type { Instance } from 'procform';
import type { Machine } from 'procform/testing';
import { testService } from 'procform/testing';

/** The client's key pair and authorized_keys of the profile's user, made once per machine. */
const clientKey = '$HOME/.ssh/id_ed25519';
const ensureClientKey = (machine: Machine) =>
  machine.succeed(`mkdir -p -m 700 ~/.ssh && { [ -e ${clientKey} ] || ssh-keygen -q -t ed25519 -N '' -f ${clientKey}; } && cat ${clientKey}.pub >> ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys`);

/** A known_hosts line for the instance from its own ed25519 host key, as read on disk (root may read every key). */
const knownHost = async (machine: Machine, instance: Instance) => {
  const key = (await machine.succeed(`cat ${instance.hostKeyDir}/ssh_host_ed25519_key.pub`, { user: 'root' })).trim().split(' ').slice(0, 2).join(' ');
  return `[127.0.0.1]:${instance.port} ${key}`;
};

const ssh = (port: unknown, knownHosts: string, options: string, command: string) =>
  `ssh -p ${port} -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${knownHosts} ${options} 127.0.0.1 ${command}`;

export default testService({
  name: 'sshd',
  exprFile: './sshd.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['openssh-server', 'openssh-client'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, forceDisableUserChange }) {
    await ensureClientKey(machine);
    const knownHosts = `$HOME/known_hosts_${instanceName}`;
    await machine.succeed(`echo '${await knownHost(machine, instance)}' > ${knownHosts}`);
    const who = await machine.succeed(ssh(instance.port, knownHosts, `-i ${clientKey}`, "'echo \"$(id -un) logged in over $SSH_CONNECTION\"'"));
    assert.match(who, new RegExp(`^${forceDisableUserChange ? 'unprivileged' : 'root'} logged in over 127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${instance.port}$`, 'm'));
    const refused = await machine.execute(ssh(instance.port, knownHosts, '-o PubkeyAuthentication=no -o PreferredAuthentications=password', 'true'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Permission denied \(publickey\)/);
    // The servers' keys differ: the primary's key does not pass for the secondary.
    const other = instanceName === 'sshd-primary' ? 'sshd-secondary' : 'sshd-primary';
    const otherHostKeys = await machine.succeed(`sed 's/\\]:[0-9]*/]:${instance.port}/' $HOME/known_hosts_${other} 2>/dev/null || true`);
    if (otherHostKeys.trim() !== '') {
      await machine.succeed(`echo '${otherHostKeys.trim()}' > ${knownHosts}.other`);
      const mismatch = await machine.execute(ssh(instance.port, `${knownHosts}.other`, `-i ${clientKey}`, 'true'));
      assert.match(mismatch.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    }
  },
});
