// The test network itself: machines reachable over SSH from the coordinator and from each other,
// isolated from the host, and nothing left behind.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestNetwork } from './support/test-network.ts';

describe.runIf(process.getuid?.() === 0)('the test network', { timeout: 300_000 }, () => {
  it('joins sandbox machines with their own sshd on a bridge in a namespace of its own, and removes everything', async () => {
    const network = await createTestNetwork({ machines: ['alpha', 'beta'] });
    const pids = network.machines.flatMap((machine) => [machine.sandbox.pid, machine.sshd.process.pid!]);
    try {
      for (const machine of network.machines) {
        const login = await network.coordinator(['ssh', '-F', network.sshConfig, machine.address, 'hostname; procform --version; ip -o -4 addr show eth0']);
        expect(login.code, login.stderr).toBe(0);
        const [hostname, version, address] = login.stdout.trim().split('\n');
        expect(hostname).toBe(machine.sandbox.id);
        expect(version).toMatch(/^\d+\.\d+\.\d+/);
        expect(address).toContain(`${machine.address}/24`);
      }
      // The machines reach each other.
      const [alpha, beta] = network.machines;
      await alpha!.sandbox.succeed(['bash', '-c', `exec 3<>/dev/tcp/${beta!.address}/22 && head -c 4 <&3`], { user: 'root' }).then((banner) => expect(banner).toBe('SSH-'));
      // A key that the machines do not know is refused.
      const stranger = join(network.dir, 'stranger');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
      const refused = await network.coordinator(['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${join(network.dir, 'known_hosts')}`, '-i', stranger, '-l', 'root', alpha!.address, 'true']);
      expect(refused.code).toBe(255);
      expect(refused.stderr).toContain('Permission denied (publickey)');
      // The host has no address on the test network and cannot reach it.
      expect(execFileSync('ip', ['-o', 'addr'], { encoding: 'utf8' })).not.toContain('10.77.0.');
      expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toMatch(/\bveth\d+@/);
    } finally {
      await network.destroy();
    }
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(network.namespace);
    for (const pid of pids) expect(existsSync(`/proc/${pid}`), `process ${pid}`).toBe(false);
  });
});
