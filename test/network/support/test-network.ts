// A network of sandbox machines for the tests of network deployment: each machine is a sandbox
// (its own PID, mount and network namespaces, a private /etc and /var, so its own procform state)
// running its own sshd; their network interfaces are veth pairs joined by a bridge that lives in a
// network namespace of its own. The coordinator's commands run in that namespace: no address is
// ever put on the host's interfaces, and the machines reach nothing but each other.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSandbox } from '../../../src/sandbox/index.ts';
import type { Sandbox, SandboxChild } from '../../../src/sandbox/index.ts';
import type { CliResult } from '../../support/cli.ts';
import { cliPath } from '../../support/cli.ts';
import { eventually } from '../../support/eventually.ts';

const run = promisify(execFile);

export interface TestMachine {
  name: string;
  /** Its address on the test network. */
  address: string;
  sandbox: Sandbox;
  sshd: SandboxChild;
}

export interface TestNetwork {
  /** The bridge's network namespace, where the coordinator runs (`ip netns` name). */
  namespace: string;
  /** The coordinator's address on the bridge. */
  coordinatorAddress: string;
  machines: TestMachine[];
  /** A folder on the host, visible to every machine at the same path: keys, ssh_config, models. */
  dir: string;
  /** ssh's configuration for the coordinator: the test's key, its known_hosts, batch mode, user root. */
  sshConfig: string;
  /** The infrastructure model's entries for the machines (host, sshOptions), to spread into a model. */
  machineEntries(): Record<string, { host: string; sshOptions: string[] }>;
  /**
   * Writes an infrastructure model to `file`: the machines (or `only` these), each with its `extra`
   * fields, and `more` machines as given.
   */
  writeInfrastructure(file: string, options?: { only?: string[]; extra?: Record<string, Record<string, unknown>>; more?: Record<string, Record<string, unknown>> }): string;
  /** Runs the built procform command line on the coordinator (in the bridge's namespace). */
  procform(args: string[], options?: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  /** Runs a command on the coordinator (in the bridge's namespace). */
  coordinator(argv: string[], options?: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  machine(name: string): TestMachine;
  /** Stops everything and removes the machines, the veths and the bridge's namespace. Idempotent. */
  destroy(): Promise<void>;
}

export interface TestNetworkOptions {
  /** Machine names; also their hostnames' prefix. */
  machines: string[];
  /** Install procform as /usr/local/bin/procform on the machines (default true). */
  withProcform?: boolean;
}

const SUBNET = '10.77.0';

/** Creates the network; destroy it (in `finally` or `onTestFinished`) even when a test fails. */
export async function createTestNetwork(options: TestNetworkOptions): Promise<TestNetwork> {
  // Removed by destroy(): a network may live across tests (beforeAll), where onTestFinished is not available.
  const dir = mkdtempSync(join(tmpdir(), 'procform-net-'));
  const namespace = `procform-net-${randomBytes(4).toString('hex')}`;
  const machines: TestMachine[] = [];
  const destroy = async () => {
    const failures: unknown[] = [];
    for (const machine of machines.splice(0)) await machine.sandbox.destroy().catch((error: unknown) => failures.push(error));
    await run('ip', ['netns', 'del', namespace]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    if (failures.length > 0) throw failures[0];
  };
  try {
    await run('ip', ['netns', 'add', namespace]);
    const inBridge = (...argv: string[]) => run('ip', ['-n', namespace, ...argv]);
    await inBridge('link', 'set', 'lo', 'up');
    await inBridge('link', 'add', 'br0', 'type', 'bridge');
    await inBridge('addr', 'add', `${SUBNET}.1/24`, 'dev', 'br0');
    await inBridge('link', 'set', 'br0', 'up');

    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'procform-test-coordinator', '-f', join(dir, 'id_ed25519')]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_ed25519.pub')));
    writeFileSync(join(dir, 'procform'), `#!/bin/sh\nexec ${process.execPath} ${cliPath} "$@"\n`);
    const knownHosts: string[] = [];

    for (const [index, name] of options.machines.entries()) {
      const address = `${SUBNET}.${index + 10}`;
      const machineDir = join(dir, name);
      mkdirSync(machineDir);
      const sandbox = await createSandbox({ profile: 'privileged', name: `net-${name}`, binds: [{ source: dir }] });
      // Pushed before anything else can fail, so that destroy() removes it.
      const machine = { name, address, sandbox } as TestMachine;
      machines.push(machine);
      const veth = `veth${index}`;
      await inBridge('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(sandbox.pid));
      await inBridge('link', 'set', veth, 'master', 'br0', 'up');
      await sandbox.succeed(`ip addr add ${address}/24 dev eth0 && ip link set eth0 up`, { user: 'root' });

      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(machineDir, 'ssh_host_ed25519_key')]);
      const hostKey = readFileSync(join(machineDir, 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      knownHosts.push(`${address} ${hostKey}`);
      const sshdConfig = join(machineDir, 'sshd_config');
      writeFileSync(
        sshdConfig,
        [
          `ListenAddress ${address}:22`,
          `HostKey ${join(machineDir, 'ssh_host_ed25519_key')}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          `PidFile ${join(machineDir, 'sshd.pid')}`,
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          // The keys live in the test's temporary folder, not in a home folder sshd would check.
          'StrictModes no',
          'Subsystem sftp internal-sftp',
          '',
        ].join('\n'),
      );
      // procform from this worktree, as the machine's own command (in the sandbox's /usr only).
      if (options.withProcform ?? true) await sandbox.succeed(['install', '-m', '755', join(dir, 'procform'), '/usr/local/bin/procform'], { user: 'root' });
      await sandbox.succeed('mkdir -p /run/sshd', { user: 'root' });
      machine.sshd = sandbox.spawn(['/usr/sbin/sshd', '-D', '-e', '-f', sshdConfig], { user: 'root' });
    }

    writeFileSync(join(dir, 'known_hosts'), `${knownHosts.join('\n')}\n`);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      [
        'Host *',
        '  User root',
        `  IdentityFile ${join(dir, 'id_ed25519')}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
        '  StrictHostKeyChecking yes',
        '  BatchMode yes',
        '  ConnectTimeout 10',
        '',
      ].join('\n'),
    );

    const coordinator = (argv: string[], runOptions: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) =>
      runIn(namespace, argv, runOptions);
    const network: TestNetwork = {
      namespace,
      coordinatorAddress: `${SUBNET}.1`,
      machines,
      dir,
      sshConfig,
      machineEntries: () => Object.fromEntries(machines.map((machine) => [machine.name, { host: machine.address, sshOptions: ['-F', sshConfig] }])),
      writeInfrastructure(file, { only, extra = {}, more = {} } = {}) {
        const entries = {
          ...Object.fromEntries(
            Object.entries(network.machineEntries())
              .filter(([name]) => only === undefined || only.includes(name))
              .map(([name, entry]) => [name, { ...entry, ...extra[name] }]),
          ),
          ...more,
        };
        writeFileSync(file, `import { defineInfrastructure } from 'procform';\n\nexport default defineInfrastructure(${JSON.stringify(entries, null, 2)});\n`);
        return file;
      },
      coordinator,
      procform: (args, runOptions) => coordinator([process.execPath, cliPath, ...args], runOptions),
      machine(name) {
        const found = machines.find((machine) => machine.name === name);
        if (found === undefined) throw new Error(`no test machine "${name}"`);
        return found;
      },
      destroy,
    };
    for (const machine of machines) {
      await eventually(async () => (await coordinator(['ssh', '-F', sshConfig, machine.address, 'true'], { timeoutMs: 15_000 })).code === 0, 20_000, `sshd on ${machine.name}`);
    }
    return network;
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
}

/** Runs a command on the host, with only its network namespace changed to `namespace`. */
function runIn(namespace: string, argv: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', [`--net=/run/netns/${namespace}`, '--', ...argv], {
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
