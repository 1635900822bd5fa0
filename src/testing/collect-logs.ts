import { join } from 'node:path';
import type { InstanceStatus } from '../deploy/types.ts';
import { shellCommand } from '../shell/quote.ts';
import type { Machine } from './machine.ts';
import type { ManagerSite, TestManager } from './test-manager.ts';
import type { VariantLogs } from './types.ts';

const managerLines = 40;
const instanceLines = 30;
const stepTimeoutMs = 10_000;

/**
 * What a failed variant's report shows: the process manager's own log, every instance's last log
 * lines and its status, read from the machine before it is removed. Each step is bounded and may
 * fail on its own (a deployment that never recorded a generation has no status): whatever can be
 * read is reported, and gathering never hides the failure it documents.
 */
export async function collectLogs(
  machine: Machine,
  manager: TestManager,
  site: ManagerSite,
  /** Each instance's key and process name (its log file is <logDir>/<name>.log with every backend). */
  instances: readonly { instance: string; name: string }[],
  deployOutput: string | undefined,
): Promise<VariantLogs> {
  const logs: VariantLogs = { instances: {}, ...(deployOutput !== undefined && { deploy: deployOutput }) };
  if (machine.stopped) return logs;
  const [status, managerLog, instanceLogs] = await Promise.all([
    machine.status().catch(() => undefined) as Promise<InstanceStatus[] | undefined>,
    manager.managerLog ? machine.execute(manager.managerLog(site, managerLines), { timeoutMs: stepTimeoutMs }).then((outcome) => outcome.stdout, () => undefined) : undefined,
    machine.procform(['logs', '--lines', String(instanceLines)], { timeoutMs: stepTimeoutMs }).catch(() => undefined),
  ]);
  if (status) logs.status = status;
  if (managerLog?.trim()) logs.manager = managerLog;
  if (instanceLogs) logs.instances = splitByInstance(instanceLogs);
  // A first switch that failed recorded no generation, so `procform logs` knows no instance: the
  // instances' log files still hold what they wrote.
  else logs.instances = await logFiles(machine, site.dirs.logDir, instances);
  return logs;
}

async function logFiles(machine: Machine, logDir: string, instances: readonly { instance: string; name: string }[]): Promise<Record<string, string>> {
  const command = instances
    .map(({ instance, name }) => {
      const file = shellCommand([join(logDir, `${name}.log`)]);
      return `if [ -s ${file} ]; then echo ${shellCommand([`==> ${instance}`])}; tail -n ${instanceLines} ${file}; fi`;
    })
    .join('\n');
  const outcome = await machine.execute(command, { timeoutMs: stepTimeoutMs }).catch(() => undefined);
  const files: Record<string, string> = {};
  for (const section of (outcome?.stdout ?? '').split(/^==> /m).slice(1)) {
    const [instance = '', ...lines] = section.split('\n');
    files[instance] = lines.join('\n').trimEnd();
  }
  return files;
}

/** `procform logs` without an instance prefixes each line with `name | `; this undoes it. */
export function splitByInstance(text: string): Record<string, string> {
  const byInstance: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const match = /^(\S+?)\s* \| (.*)$/.exec(line);
    if (match) (byInstance[match[1]!] ??= []).push(match[2]!);
  }
  return Object.fromEntries(Object.entries(byInstance).map(([instance, lines]) => [instance, lines.join('\n')]));
}
