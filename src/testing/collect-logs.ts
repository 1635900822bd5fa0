import type { InstanceStatus } from '../deploy/types.ts';
import type { Machine } from './machine.ts';
import type { ManagerSite, TestManager } from './managers.ts';
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
export async function collectLogs(machine: Machine, manager: TestManager, site: ManagerSite, deployOutput: string | undefined): Promise<VariantLogs> {
  const logs: VariantLogs = { instances: {}, ...(deployOutput !== undefined && { deploy: deployOutput }) };
  if (machine.stopped) return logs;
  const [status, managerLog, instanceLogs] = await Promise.all([
    machine.status().catch(() => undefined) as Promise<InstanceStatus[] | undefined>,
    manager.managerLog
      ? machine.execute(manager.managerLog(site, managerLines), { user: 'root', timeoutMs: stepTimeoutMs }).then((outcome) => outcome.stdout, () => undefined)
      : undefined,
    machine.procform(['logs', '--lines', String(instanceLines)], { timeoutMs: stepTimeoutMs }).catch(() => undefined),
  ]);
  if (status) logs.status = status;
  if (managerLog?.trim()) logs.manager = managerLog;
  if (instanceLogs) logs.instances = splitByInstance(instanceLogs);
  return logs;
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
