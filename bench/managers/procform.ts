import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createBuiltinDriver } from '../../src/backends/builtin/driver.ts';
import { buildProfile } from '../../src/build/build-profile.ts';
import type { DeployedProfile, SwitchPlan } from '../../src/deploy/types.ts';
import type { ModelFunction } from '../../src/load/load-model.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import type { Restart } from '../../src/model/types.ts';
import { runningSupervisor } from '../../src/backends/builtin/supervisor/lock.ts';
import { controlPaths } from '../../src/backends/builtin/supervisor/paths.ts';
import type { Manager } from './types.ts';
import { burstScript, httpdArgv, withRotated } from './types.ts';

/** procform's builtin supervisor, driven through its driver as `procform switch` would. */
export function procformManager(workDir: string, options: { name?: string; restart?: Restart } = {}): Manager {
  const driver = createBuiltinDriver();
  let stateDir = '';
  let current: DeployedProfile | null = null;
  let prepared: DeployedProfile | null = null;

  const build = async (model: ModelFunction): Promise<DeployedProfile> => {
    const profile = await buildProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager: 'builtin', dirs: { stateDir }, forceDisableUserChange: true });
    return { path: profile.path, manifest: profile.manifest };
  };
  const servers = (ports: readonly number[]): ModelFunction => () =>
    Object.fromEntries(
      ports.map((port, index) => {
        const [executable, ...args] = httpdArgv(port);
        return [`h${index}`, { pkg: createManagedProcess({ process: executable!, args, ...(options.restart && { restart: options.restart }) }) }];
      }),
    );
  const apply = async (next: DeployedProfile) => {
    await driver.apply(plan(current, next), { old: current, new: next }, () => {});
    current = next;
  };

  return {
    name: options.name ?? 'procform builtin',
    async prepare(ports) {
      stateDir = await mkdtemp(join(workDir, 'pf-'));
      current = null;
      prepared = await build(servers(ports));
    },
    launch: () => apply(prepared!),
    managerPids() {
      const pid = runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile);
      if (pid === null) return [];
      // The guardian is the supervisor's child running procform-guardian.
      const guardian = readdirSync('/proc').filter((entry) => {
        try {
          return /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('procform-guardian') && readFileSync(`/proc/${entry}/stat`, 'utf8').includes(`) S ${pid} `);
        } catch {
          return false;
        }
      });
      return [pid, ...guardian.map(Number)];
    },
    async prepareChange(ports, index, newPort) {
      prepared = await build(servers(ports.map((port, position) => (position === index ? newPort : port))));
    },
    changeOne: () => apply(prepared!),
    async shutdown() {
      if (current) await driver.stopManager!(current);
      current = null;
    },
    async logBurst(line, lines, burst) {
      stateDir = await mkdtemp(join(workDir, 'pf-'));
      current = null;
      const profile = await build(() => ({
        burst: {
          pkg: createManagedProcess({
            process: '/bin/sh',
            args: ['-c', burstScript(line, lines, burst.go)],
            restart: 'no',
            log: { rotate: burst.rotate ? { maxSize: burst.rotate.maxBytes, keep: burst.rotate.keep } : false },
          }),
        },
      }));
      await apply(profile);
      return () => withRotated(join(stateDir, 'log', 'burst.log'), burst.rotate?.keep ?? 0);
    },
  };
}

/** Unchanged store paths are kept; the rest stops (reverse order) and starts. */
function plan(old: DeployedProfile | null, next: DeployedProfile): SwitchPlan {
  const before = old?.manifest.instances ?? {};
  const after = next.manifest.instances;
  return {
    stop: [...(old?.manifest.startOrder ?? [])].reverse().filter((key) => after[key]?.storePath !== before[key]!.storePath).map((key) => before[key]!),
    start: next.manifest.startOrder.filter((key) => before[key]?.storePath !== after[key]!.storePath).map((key) => after[key]!),
    keep: next.manifest.startOrder.filter((key) => before[key]?.storePath === after[key]!.storePath).map((key) => after[key]!),
  };
}
