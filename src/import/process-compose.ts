import { constants } from 'node:os';
import { defaultLivenessTiming } from '../model/normalize.ts';
import type { ImportedLiveness, ImportedModel, ImportedProbe, ImportedProcess, ImportedReadiness, ImportNote } from './imported-model.ts';
import type { Mapping, YamlPath, YamlSource } from './yaml-source.ts';
import { describeValue, isMapping, mappingAt, numberAt, stringAt } from './yaml-source.ts';

// What the importer understands; every other key is listed as not carried over.
const handledProcessKeys = new Set([
  'command', 'description', 'working_dir', 'environment', 'env_file', 'depends_on', 'availability', 'readiness_probe',
  'liveness_probe', 'ready_log_line', 'shutdown', 'replicas', 'disabled', 'log_configuration', 'vars',
]);
const ignoredTopKeys = new Set(['version', 'is_strict', 'processes', 'environment', 'vars', 'shell', 'log_configuration']);

/**
 * A process-compose file as process-compose runs it: each process's command through its shell
 * (bash -c), `{{.VAR}}` templates from `vars` and `PC_REPLICA_NUM`, replicas as instances
 * name-0, name-1…, `depends_on` as dependencies gated on readiness, probes as readiness and liveness
 * checks, `availability` as the restart policy (restart: no is process-compose's default).
 */
export function importProcessCompose(source: YamlSource): ImportedModel {
  const top = mappingAt(source, source.data, []);
  const notes: ImportNote[] = [];
  const processes = mappingAt(source, top.processes, ['processes']);
  if (Object.keys(processes).length === 0) {
    throw source.error(['processes'], 'has no processes', 'A process-compose file lists its processes under `processes:`.');
  }
  const ownSettings = Object.keys(top).filter((key) => !ignoredTopKeys.has(key));
  if (ownSettings.length > 0) notes.push({ message: `process-compose's own settings are not carried over: ${ownSettings.join(', ')}` });
  const globalVars = stringMap(source, top.vars, ['vars']);
  const globalEnvironment = environmentOf(source, top.environment, ['environment']);
  const globalLog = mappingAt(source, top.log_configuration, ['log_configuration']);
  const shell = mappingAt(source, top.shell, ['shell']);
  const shellCommand = stringAt(source, shell.shell_command, ['shell', 'shell_command']) ?? 'bash';
  const shellArgument = stringAt(source, shell.shell_argument, ['shell', 'shell_argument']) ?? '-c';

  const enabled = Object.entries(processes).filter(([name, value]) => {
    const disabled = mappingAt(source, value, ['processes', name]).disabled === true;
    if (disabled) notes.push({ process: name, line: source.lineOf(['processes', name]), message: 'is disabled: left out of the model' });
    return !disabled;
  });
  const replicaCount = new Map(
    enabled.map(([name, value]) => [name, numberAt(source, (value as Mapping).replicas, ['processes', name, 'replicas']) ?? 1]),
  );
  const keysOf = (name: string): string[] => {
    const count = replicaCount.get(name)!;
    return count === 1 ? [name] : Array.from({ length: count }, (_, replica) => `${name}-${replica}`);
  };

  const imported: ImportedProcess[] = [];
  for (const [name, value] of enabled) {
    const path = ['processes', name];
    const process = mappingAt(source, value, path);
    const note = (message: string, at: YamlPath = path) => notes.push({ process: name, line: source.lineOf(at), message });
    for (const key of Object.keys(process)) {
      if (!handledProcessKeys.has(key)) note(`${key} is not carried over`, [...path, key]);
    }
    const command = stringAt(source, process.command, [...path, 'command']);
    if (command === undefined) throw source.error(path, 'has no command', 'Give the process a `command:`.');
    const vars = { ...globalVars, ...stringMap(source, process.vars, [...path, 'vars']) };
    const log = { ...globalLog, ...mappingAt(source, process.log_configuration, [...path, 'log_configuration']) };
    const logSettings = Object.keys(log).filter((key) => key !== 'add_timestamp');
    if (logSettings.length > 0) note(`log_configuration ${logSettings.join(', ')} is not carried over (procform's logs: log: { timestamps, rotate })`, [...path, 'log_configuration']);
    const readiness = readinessOf(source, process, path, note);
    const liveness = livenessOf(source, process, path, note);
    const dependencies = dependenciesOf(source, process, path, processes, replicaCount, note);
    const keys = keysOf(name);
    keys.forEach((key, replica) => {
      const expand = (text: string, at: YamlPath) => expandTemplate(text, { ...vars, PC_REPLICA_NUM: String(replica) }, () => note(`the template in "${text}" is not understood: kept as it is`, at));
      const workingDir = stringAt(source, process.working_dir, [...path, 'working_dir']);
      const description = stringAt(source, process.description, [...path, 'description']);
      imported.push({
        key,
        ...(description !== undefined && { description }),
        // process-compose expands $VAR itself, with $$ for a literal $; the shell does it here.
        command: { kind: 'argv', executable: shellCommand, args: [shellArgument, expand(command, [...path, 'command']).replaceAll('$$', '$')] },
        envFiles: envFilesOf(source, process.env_file, [...path, 'env_file']),
        environment: Object.entries({ ...globalEnvironment, ...environmentOf(source, process.environment, [...path, 'environment']) }).map(
          ([variable, text]) => [variable, expand(text, [...path, 'environment'])],
        ),
        directory: workingDir === undefined ? '.' : expand(workingDir, [...path, 'working_dir']),
        dependencies: dependencies.flatMap(keysOf),
        ...(readiness && { readiness: expandProbe(readiness, (text) => expand(text, [...path, 'readiness_probe'])) }),
        ...(liveness && { liveness: expandProbe(liveness, (text) => expand(text, [...path, 'liveness_probe'])) }),
        restart: restartOf(source, process, path, note),
        ...stopOf(source, process, path, note),
        ...(log.add_timestamp === true && { timestamps: true }),
        ports: [],
      });
    });
  }
  notes.push({
    message: 'variables in commands ($VAR) are expanded by the shell from the process\'s own environment when it starts; process-compose expands them from its environment and .env when it reads the file',
  });
  return { format: 'process-compose', processes: imported, notes };
}

function readinessOf(source: YamlSource, process: Mapping, path: YamlPath, note: (message: string, at?: YamlPath) => void): ImportedReadiness | undefined {
  const logLine = stringAt(source, process.ready_log_line, [...path, 'ready_log_line']);
  if (logLine !== undefined) return { kind: 'log', pattern: logLine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
  if (process.readiness_probe === undefined) return undefined;
  const at = [...path, 'readiness_probe'];
  const { check, periodSeconds, initialDelaySeconds, failures } = probeOf(source, process.readiness_probe, at, note);
  if (initialDelaySeconds > 0) note('readiness_probe.initial_delay_seconds: procform checks from the start (a check that passes early makes the process ready early)', [...at, 'initial_delay_seconds']);
  // process-compose restarts a process whose probe failed failure_threshold times; procform fails
  // the start after the readiness timeout, which is never shorter than procform's own default.
  const deadline = (initialDelaySeconds + periodSeconds * failures) * 1000;
  return { ...check, intervalMs: periodSeconds * 1000, ...(deadline > 60_000 && { timeoutMs: deadline }) };
}

/**
 * process-compose's liveness_probe is procform's liveness check: after failure_threshold failed
 * attempts in a row, the process goes through its availability policy as procform's through
 * `restart`. Timings equal to procform's defaults are left out.
 */
function livenessOf(source: YamlSource, process: Mapping, path: YamlPath, note: (message: string, at?: YamlPath) => void): ImportedLiveness | undefined {
  if (process.liveness_probe === undefined) return undefined;
  const { check, periodSeconds, timeoutSeconds, initialDelaySeconds, failures } = probeOf(source, process.liveness_probe, [...path, 'liveness_probe'], note);
  return {
    ...check,
    ...(periodSeconds * 1000 !== defaultLivenessTiming.periodMs && { periodMs: periodSeconds * 1000 }),
    ...(timeoutSeconds * 1000 !== defaultLivenessTiming.timeoutMs && { timeoutMs: timeoutSeconds * 1000 }),
    ...(failures !== defaultLivenessTiming.failures && { failures }),
    ...(initialDelaySeconds > 0 && { afterMs: initialDelaySeconds * 1000 }),
  };
}

const probeKeys = ['exec', 'http_get', 'initial_delay_seconds', 'period_seconds', 'timeout_seconds', 'success_threshold', 'failure_threshold'];

/** A readiness_probe or liveness_probe: what it checks, and its timings with process-compose's defaults (health/probe.go). */
function probeOf(
  source: YamlSource,
  value: unknown,
  at: YamlPath,
  note: (message: string, at?: YamlPath) => void,
): { check: ImportedProbe; periodSeconds: number; timeoutSeconds: number; initialDelaySeconds: number; failures: number } {
  const name = String(at[at.length - 1]);
  const probe = mappingAt(source, value, at);
  // As process-compose, a value below 1 is the default.
  const seconds = (key: string, fallback: number) => {
    const value = numberAt(source, probe[key], [...at, key]);
    return value === undefined || value < 1 ? fallback : value;
  };
  const notCarried = (keys: string[], handled: string[], within: YamlPath, prefix: string) => {
    for (const key of keys) if (!handled.includes(key)) note(`${prefix}.${key} is not carried over`, [...within, key]);
  };
  notCarried(Object.keys(probe), probeKeys, at, name);
  if (seconds('success_threshold', 1) > 1) note(`${name}.success_threshold: procform takes one passing attempt as a success`, [...at, 'success_threshold']);
  const timings = { periodSeconds: seconds('period_seconds', 10), timeoutSeconds: seconds('timeout_seconds', 1), initialDelaySeconds: seconds('initial_delay_seconds', 0), failures: seconds('failure_threshold', 3) };
  if (probe.exec !== undefined) {
    const exec = mappingAt(source, probe.exec, [...at, 'exec']);
    notCarried(Object.keys(exec), ['command'], [...at, 'exec'], `${name}.exec`);
    const command = stringAt(source, exec.command, [...at, 'exec', 'command']);
    if (command === undefined) throw source.error([...at, 'exec'], 'has no command');
    return { check: { kind: 'exec', command: { shell: command } }, ...timings };
  }
  if (probe.http_get !== undefined) {
    const http = mappingAt(source, probe.http_get, [...at, 'http_get']);
    notCarried(Object.keys(http), ['scheme', 'host', 'port', 'path'], [...at, 'http_get'], `${name}.http_get`);
    const scheme = stringAt(source, http.scheme, [...at, 'http_get', 'scheme']) ?? 'http';
    const host = stringAt(source, http.host, [...at, 'http_get', 'host']) ?? '127.0.0.1';
    const port = stringAt(source, http.port, [...at, 'http_get', 'port']);
    const pathPart = stringAt(source, http.path, [...at, 'http_get', 'path']) ?? '/';
    return { check: { kind: 'http', url: `${scheme}://${host}${port === undefined ? '' : `:${port}`}${pathPart.startsWith('/') ? '' : '/'}${pathPart}` }, ...timings };
  }
  throw source.error(at, 'has neither exec nor http_get', 'A probe is `exec: {command: …}` or `http_get: {host, port, path}`.');
}

function dependenciesOf(
  source: YamlSource,
  process: Mapping,
  path: YamlPath,
  processes: Mapping,
  replicaCount: Map<string, number>,
  note: (message: string, at?: YamlPath) => void,
): string[] {
  const dependsOn = mappingAt(source, process.depends_on, [...path, 'depends_on']);
  const names: string[] = [];
  for (const [dependency, value] of Object.entries(dependsOn)) {
    const at = [...path, 'depends_on', dependency];
    if (!(dependency in processes)) throw source.error(at, `depends on "${dependency}", which is not a process of this file`, 'Add the process, or remove the dependency.');
    if (!replicaCount.has(dependency)) {
      note(`depends on "${dependency}", which is disabled: the dependency is left out`, at);
      continue;
    }
    const condition = stringAt(source, mappingAt(source, value, at).condition, [...at, 'condition']) ?? 'process_started';
    if (condition === 'process_completed' || condition === 'process_completed_successfully') {
      note(`depends on "${dependency}" with ${condition}: procform starts it once "${dependency}" is ready, not once it has exited; a one-shot step belongs in the dependent's initialize`, at);
    } else if (condition === 'process_started') {
      const target = mappingAt(source, processes[dependency], ['processes', dependency]);
      if (target.readiness_probe !== undefined || target.ready_log_line !== undefined) {
        note(`depends on "${dependency}" with process_started: procform waits until "${dependency}" is ready, not only started`, at);
      }
    } else if (condition !== 'process_healthy' && condition !== 'process_log_ready') {
      throw source.error([...at, 'condition'], `"${condition}" is not a depends_on condition`, 'Use process_started, process_healthy, process_log_ready, process_completed or process_completed_successfully.');
    }
    names.push(dependency);
  }
  return names;
}

function restartOf(source: YamlSource, process: Mapping, path: YamlPath, note: (message: string, at?: YamlPath) => void): ImportedProcess['restart'] {
  const at = [...path, 'availability'];
  const availability = mappingAt(source, process.availability, at);
  const policy = stringAt(source, availability.restart, [...at, 'restart']) ?? 'no';
  const backoff = numberAt(source, availability.backoff_seconds, [...at, 'backoff_seconds']);
  const maxRestarts = numberAt(source, availability.max_restarts, [...at, 'max_restarts']);
  for (const key of Object.keys(availability)) {
    if (!['restart', 'backoff_seconds', 'max_restarts'].includes(key)) note(`availability.${key} is not carried over`, [...at, key]);
  }
  const policies: Record<string, 'no' | 'on-failure' | 'always'> = { no: 'no', on_failure: 'on-failure', always: 'always', exit_on_failure: 'no' };
  const mapped = policies[policy];
  if (mapped === undefined) throw source.error([...at, 'restart'], `"${policy}" is not a restart policy`, 'Use no, on_failure, always or exit_on_failure.');
  if (policy === 'exit_on_failure') note('availability.restart exit_on_failure: procform does not stop the other processes when this one fails; it is not restarted', [...at, 'restart']);
  if (mapped !== 'no' && !maxRestarts) note('availability: process-compose restarts without limit; procform gives up after 10 restarts in a row that each ran less than 60s', at);
  return {
    policy: mapped,
    // process-compose waits the same time before every restart.
    ...(backoff !== undefined && { initialMs: backoff * 1000, multiplier: 1 }),
    ...(maxRestarts ? { maxRestarts } : {}),
  };
}

function stopOf(source: YamlSource, process: Mapping, path: YamlPath, note: (message: string, at?: YamlPath) => void): Pick<ImportedProcess, 'stop'> {
  if (process.shutdown === undefined) return {};
  const at = [...path, 'shutdown'];
  const shutdown = mappingAt(source, process.shutdown, at);
  const stop: NonNullable<ImportedProcess['stop']> = {};
  const signal = numberAt(source, shutdown.signal, [...at, 'signal']);
  if (signal !== undefined) {
    const name = Object.entries(constants.signals).find(([, number]) => number === signal)?.[0];
    if (name === undefined) throw source.error([...at, 'signal'], `${signal} is not a signal number`);
    stop.signal = name;
  }
  const timeout = numberAt(source, shutdown.timeout_seconds, [...at, 'timeout_seconds']);
  if (timeout !== undefined) stop.timeoutMs = timeout * 1000;
  for (const key of Object.keys(shutdown)) {
    if (key !== 'signal' && key !== 'timeout_seconds') note(`shutdown.${key} is not carried over (procform signals the whole process group)`, [...at, key]);
  }
  return { stop };
}

/** `environment:` as a list of NAME=value or a mapping. */
export function environmentOf(source: YamlSource, value: unknown, path: YamlPath): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry, index) => {
        const text = stringAt(source, entry, [...path, index])!;
        const equals = text.indexOf('=');
        if (equals <= 0) throw source.error([...path, index], `"${text}" is not NAME=value`);
        return [text.slice(0, equals), text.slice(equals + 1)];
      }),
    );
  }
  return stringMap(source, value, path);
}

function stringMap(source: YamlSource, value: unknown, path: YamlPath): Record<string, string> {
  return Object.fromEntries(Object.entries(mappingAt(source, value, path)).map(([key, entry]) => [key, stringAt(source, entry, [...path, key]) ?? '']));
}

/** `env_file:` as one path or a list of them, relative to the file's folder. */
export function envFilesOf(source: YamlSource, value: unknown, path: YamlPath): ImportedProcess['envFiles'] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry, index) => {
    const at = Array.isArray(value) ? [...path, index] : path;
    if (isMapping(entry)) {
      const file = stringAt(source, entry.path, [...at, 'path']);
      if (file === undefined) throw source.error(at, 'has no path');
      return { path: file, optional: entry.required === false };
    }
    if (typeof entry !== 'string') throw source.error(at, `must be a path, not ${describeValue(entry)}`);
    return { path: entry, optional: false };
  });
}

function expandTemplate(text: string, vars: Record<string, string>, notUnderstood: () => void): string {
  const expanded = text.replace(/\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => vars[name] ?? whole);
  if (expanded.includes('{{')) notUnderstood();
  return expanded;
}

function expandProbe<Probe extends ImportedReadiness | ImportedLiveness>(probe: Probe, expand: (text: string) => string): Probe {
  if (probe.kind === 'http' && typeof probe.url === 'string') return { ...probe, url: expand(probe.url) };
  if (probe.kind === 'exec' && 'shell' in probe.command && typeof probe.command.shell === 'string') return { ...probe, command: { shell: expand(probe.command.shell) } };
  return probe;
}
