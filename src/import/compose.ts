import { constants } from 'node:os';
import { resolveExecutable } from '../model/resolve-executable.ts';
import { hostTarget } from '../target/host-target.ts';
import type { ImportedCommand, ImportedModel, ImportedProcess, ImportedReadiness, ImportNote, Text } from './imported-model.ts';
import { parseInterpolation, resolveText } from './interpolation.ts';
import { envFilesOf } from './process-compose.ts';
import { shellWords } from './shell-words.ts';
import type { Mapping, YamlPath, YamlSource } from './yaml-source.ts';
import { describeValue, isMapping, mappingAt } from './yaml-source.ts';

export interface ComposeOptions {
  /** Variables for values needed while importing (counts, ports, policies): the environment, then `.env`. */
  lookup: (name: string) => string | undefined;
  /** Whether a `.env` is beside the file: the model then reads it for the variables it takes when built. */
  hasDotenv: boolean;
}

const handledServiceKeys = new Set([
  'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'depends_on', 'healthcheck', 'restart', 'deploy', 'scale',
  'ports', 'stop_signal', 'stop_grace_period', 'container_name',
]);
const whyNot: Record<string, string> = {
  volumes: 'a process sees this machine\'s files; give it folders in the model (ctx.stateDir)',
  networks: 'processes share this machine\'s network',
  secrets: 'write secrets into an env file or a private file and point the process at it',
  working_dir: 'a path inside the container',
  user: 'name the account with createManagedProcess({ user, credentials }) if it should run as another user',
  expose: 'processes share this machine\'s network',
};

/**
 * A docker compose file, read as the compose specification defines it: anchors and `<<` merges
 * resolved, `${VAR:-default}` interpolated when the model is built (from the environment, then
 * `.env`), services as processes on this machine: a service's `command` (after its `entrypoint`)
 * runs when its program is installed here; a service whose program is its image's gets a stand-in
 * that says so when started. `depends_on` becomes dependencies gated on readiness, `healthcheck`
 * readiness (an HTTP check when it is `curl`/`wget` of a URL), `restart` the restart policy,
 * `deploy.replicas` instances name-1, name-2…
 */
export function importCompose(source: YamlSource, options: ComposeOptions): ImportedModel {
  const top = mappingAt(source, source.data, []);
  const notes: ImportNote[] = [];
  const services = mappingAt(source, top.services, ['services']);
  if (Object.keys(services).length === 0) throw source.error(['services'], 'has no services', 'A compose file lists its services under `services:`.');
  for (const key of Object.keys(top)) {
    if (['services', 'name', 'version'].includes(key) || key.startsWith('x-')) continue;
    notes.push({ line: source.lineOf([key]), message: `top-level ${key} is not carried over${whyNot[key] ? `: ${whyNot[key]}` : ''}` });
  }
  const text = (value: unknown, path: YamlPath): Text | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') throw source.error(path, `must be a string, not ${describeValue(value)}`);
    try {
      return parseInterpolation(value);
    } catch (error) {
      throw source.error(path, `cannot be interpolated: ${(error as Error).message}`, 'Write $$ for a literal $.');
    }
  };
  // Values the model needs as plain data are resolved now; the note says so.
  const now = (value: unknown, path: YamlPath): string | undefined => {
    const parsed = text(value, path);
    if (parsed === undefined || typeof parsed === 'string') return parsed;
    try {
      const resolved = resolveText(parsed, options.lookup);
      notes.push({ line: source.lineOf(path), message: `${path.join('.')}: its variables were resolved when importing ("${resolved}")` });
      return resolved;
    } catch (error) {
      throw source.error(path, (error as Error).message, 'Set the variable, or give it a default (${NAME:-value}).');
    }
  };

  const countOf = (name: string): number => {
    const service = mappingAt(source, services[name], ['services', name]);
    const deploy = mappingAt(source, service.deploy, ['services', name, 'deploy']);
    const written = deploy.replicas ?? service.scale;
    if (written === undefined) return 1;
    const at = deploy.replicas === undefined ? ['services', name, 'scale'] : ['services', name, 'deploy', 'replicas'];
    const count = Number(now(written, at));
    if (!Number.isInteger(count) || count < 0) throw source.error(at, `"${String(written)}" is not a number of replicas`);
    return count;
  };
  const counts = new Map(Object.keys(services).map((name) => [name, countOf(name)]));
  const keysOf = (name: string): string[] => {
    const count = counts.get(name)!;
    return count === 1 ? [name] : Array.from({ length: count }, (_, index) => `${name}-${index + 1}`);
  };

  const claimed = new Map<number, string>();
  const imported: ImportedProcess[] = [];
  for (const name of Object.keys(services)) {
    const path = ['services', name];
    const service = services[name] as Mapping;
    const note = (message: string, at: YamlPath = path) => notes.push({ process: name, line: source.lineOf(at), message });
    for (const key of Object.keys(service)) {
      if (!handledServiceKeys.has(key) && !key.startsWith('x-')) note(`${key} is not carried over${whyNot[key] ? `: ${whyNot[key]}` : ''}`, [...path, key]);
    }
    if (counts.get(name) === 0) {
      note('has 0 replicas: left out of the model');
      continue;
    }
    const command = commandOf(source, service, path, text, now, note);
    const environment = environmentOf(source, service.environment, [...path, 'environment'], text);
    const readiness = healthcheckOf(source, service, path, text, now, note);
    const dependencies = composeDependencies(source, service, path, services, note).filter((dependency) => counts.get(dependency) !== 0);
    const restart = composeRestart(source, service, path, now, note);
    const stop = composeStop(source, service, path, now);
    const ports = command.kind === 'argv' && counts.get(name) === 1 ? hostPorts(source, service, path, now, note) : [];
    for (const port of ports) {
      if (claimed.has(port)) note(`port ${port} is published by "${claimed.get(port)}" too: claimed only by that one`, [...path, 'ports']);
      else claimed.set(port, name);
    }
    for (const key of keysOf(name)) {
      imported.push({
        key,
        command,
        envFiles: envFilesOf(source, service.env_file, [...path, 'env_file']),
        environment,
        directory: '.',
        dependencies: dependencies.flatMap(keysOf),
        ...(readiness && { readiness }),
        restart,
        ...(stop && { stop }),
        ports: ports.filter((port) => claimed.get(port) === name),
      });
    }
  }
  return { format: 'compose', processes: imported, notes, ...(options.hasDotenv && { variablesFile: '.env' }) };
}

type TextOf = (value: unknown, path: YamlPath) => Text | undefined;
type NowOf = (value: unknown, path: YamlPath) => string | undefined;
type Note = (message: string, at?: YamlPath) => void;

function commandOf(source: YamlSource, service: Mapping, path: YamlPath, text: TextOf, now: NowOf, note: Note): ImportedCommand {
  const words = (key: 'command' | 'entrypoint'): Text[] => {
    const value = service[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((word, index) => text(word, [...path, key, index]) ?? '');
    const line = now(value, [...path, key])!;
    try {
      return shellWords(line);
    } catch (error) {
      throw source.error([...path, key], (error as Error).message);
    }
  };
  const argv = [...words('entrypoint'), ...words('command')];
  const image = typeof service.image === 'string' ? `the image ${service.image}` : service.build !== undefined ? 'the image it builds' : 'its image';
  if (argv.length === 0) {
    note(`runs the program of ${image}, which is not on this machine: the instance is a stand-in; write the command that runs it here`);
    return { kind: 'placeholder', reason: `${image} runs this service in docker compose; write the command that runs it on this machine in the model` };
  }
  const executable = typeof argv[0] === 'string' ? argv[0] : now(service.entrypoint ?? service.command, [...path, 'command'])!;
  if (executable.startsWith('-')) {
    note(`its command gives arguments to the entrypoint of ${image}: the instance is a stand-in; write the command that runs it here`, [...path, 'command']);
    return { kind: 'placeholder', reason: `${image} runs this service with the arguments ${argv.map(String).join(' ')}; write the command that runs it on this machine in the model` };
  }
  if (!resolveExecutable(executable, hostTarget()).ok) {
    note(`its command runs "${executable}", which is not installed on this machine: the instance is a stand-in until it is (then put its command back)`, [...path, 'command']);
    return { kind: 'placeholder', reason: `"${executable}" (from ${image}) is not installed on this machine` };
  }
  if (service.image !== undefined || service.build !== undefined) note(`ran in ${image}; runs on this machine here`);
  return { kind: 'argv', executable, args: argv.slice(1) };
}

function environmentOf(source: YamlSource, value: unknown, path: YamlPath, text: TextOf): [string, Text][] {
  if (value === undefined || value === null) return [];
  const passThrough = (name: string): Text => [{ variable: name, operator: '', argument: '' }];
  if (Array.isArray(value)) {
    return value.map((entry, index) => {
      if (typeof entry !== 'string') throw source.error([...path, index], `must be NAME=value, not ${describeValue(entry)}`);
      const equals = entry.indexOf('=');
      if (equals === 0) throw source.error([...path, index], `"${entry}" has no variable name`);
      return equals < 0 ? [entry, passThrough(entry)] : [entry.slice(0, equals), text(entry.slice(equals + 1), [...path, index])!];
    });
  }
  return Object.entries(mappingAt(source, value, path)).map(([name, entry]) => [name, entry === null ? passThrough(name) : text(entry, [...path, name])!]);
}

function healthcheckOf(source: YamlSource, service: Mapping, path: YamlPath, text: TextOf, now: NowOf, note: Note): ImportedReadiness | undefined {
  if (service.healthcheck === undefined) return undefined;
  const at = [...path, 'healthcheck'];
  const check = mappingAt(source, service.healthcheck, at);
  if (check.disable === true) return undefined;
  const duration = (key: string, fallback: number) => {
    const written = now(check[key], [...at, key]);
    if (written === undefined) return fallback;
    const ms = composeDuration(written);
    if (ms === undefined) throw source.error([...at, key], `"${written}" is not a duration`, 'Write it as compose does: 10s, 1m30s, 500ms.');
    return ms;
  };
  const interval = duration('interval', 30_000);
  const timeout = duration('timeout', 30_000);
  const startPeriod = duration('start_period', 0);
  const retries = Number(now(check.retries, [...at, 'retries']) ?? 3);
  // compose calls a service unhealthy after `retries` failed checks past the start period.
  const deadline = startPeriod + (interval + timeout) * retries;
  const timing = { intervalMs: interval, ...(deadline > 60_000 && { timeoutMs: deadline }) };
  note('healthcheck: its command runs on this machine, not in the container', [...at, 'test']);
  const test = check.test;
  let command: { shell: Text } | { argv: Text[] };
  if (typeof test === 'string') command = { shell: text(test, [...at, 'test'])! };
  else if (Array.isArray(test) && test[0] === 'NONE') return undefined;
  else if (Array.isArray(test) && test[0] === 'CMD-SHELL' && test.length === 2) command = { shell: text(test[1], [...at, 'test', 1])! };
  else if (Array.isArray(test) && test[0] === 'CMD' && test.length > 1) command = { argv: test.slice(1).map((word, index) => text(word, [...at, 'test', index + 1])!) };
  else throw source.error([...at, 'test'], 'must be a string, ["CMD", program, args…], ["CMD-SHELL", command] or ["NONE"]');
  const url = httpCheckUrl(command);
  return url === undefined ? { kind: 'exec', command, ...timing } : { kind: 'http', url, ...timing };
}

/** `curl -f URL` or `wget --spider URL` (alone, or `|| exit 1`) is an HTTP check procform makes itself. */
function httpCheckUrl(command: { shell: Text } | { argv: Text[] }): string | undefined {
  const words = 'argv' in command ? command.argv : typeof command.shell === 'string' ? command.shell.replace(/\s*\|\|\s*exit\s+1\s*$/, '').trim().split(/\s+/) : [];
  if (!words.every((word): word is string => typeof word === 'string') || !['curl', 'wget'].includes(words[0] ?? '')) return undefined;
  const urls = words.filter((word) => /^https?:\/\/\S+$/.test(word));
  return urls.length === 1 && !words.some((word) => /[|;&<>`$]/.test(word)) ? urls[0] : undefined;
}

function composeDependencies(source: YamlSource, service: Mapping, path: YamlPath, services: Mapping, note: Note): string[] {
  const at = [...path, 'depends_on'];
  const value = service.depends_on;
  if (value === undefined || value === null) return [];
  const entries: [string, Mapping][] = Array.isArray(value)
    ? value.map((name, index) => {
        if (typeof name !== 'string') throw source.error([...at, index], `must be a service name, not ${describeValue(name)}`);
        return [name, {}];
      })
    : Object.entries(mappingAt(source, value, at)).map(([name, entry]) => [name, mappingAt(source, entry, [...at, name])]);
  return entries.map(([name, options]) => {
    if (!(name in services)) throw source.error([...at, name], `depends on "${name}", which is not a service of this file`, 'Add the service, or remove the dependency.');
    const condition = options.condition ?? 'service_started';
    if (condition === 'service_completed_successfully') {
      note(`depends on "${name}" with service_completed_successfully: procform starts it once "${name}" is ready, not once it has exited; a one-shot step belongs in the dependent's initialize`, [...at, name]);
    } else if (condition === 'service_started') {
      if (isMapping(services[name]) && (services[name] as Mapping).healthcheck !== undefined) {
        note(`depends on "${name}" with service_started: procform waits until "${name}" is ready (its healthcheck), not only started`, [...at, name]);
      }
    } else if (condition !== 'service_healthy') {
      throw source.error([...at, name, 'condition'], `"${String(condition)}" is not a depends_on condition`, 'Use service_started, service_healthy or service_completed_successfully.');
    }
    if (options.required === false) note(`depends on "${name}" with required: false: procform requires it`, [...at, name]);
    if (options.restart === true) note(`depends on "${name}" with restart: true: procform does not restart this service when "${name}" restarts`, [...at, name]);
    return name;
  });
}

function composeRestart(source: YamlSource, service: Mapping, path: YamlPath, now: NowOf, note: Note): ImportedProcess['restart'] {
  const written = now(service.restart, [...path, 'restart']);
  if (written === undefined) {
    const policy = mappingAt(source, mappingAt(source, service.deploy, [...path, 'deploy']).restart_policy, [...path, 'deploy', 'restart_policy']);
    const condition = now(policy.condition, [...path, 'deploy', 'restart_policy', 'condition']);
    if (condition === undefined) return { policy: 'no' };
    const attempts = now(policy.max_attempts, [...path, 'deploy', 'restart_policy', 'max_attempts']);
    const mapped = ({ none: 'no', 'on-failure': 'on-failure', any: 'always' } as const)[condition as 'none'];
    if (mapped === undefined) throw source.error([...path, 'deploy', 'restart_policy', 'condition'], `"${condition}" is not none, on-failure or any`);
    return { policy: mapped, ...(attempts !== undefined && { maxRestarts: Number(attempts) }) };
  }
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(written);
  if (!match) throw source.error([...path, 'restart'], `"${written}" is not a restart policy`, 'Use no, always, on-failure[:N] or unless-stopped.');
  if (match[1] === 'unless-stopped') note('restart: unless-stopped becomes always (procform never restarts what was stopped on purpose)', [...path, 'restart']);
  // The engine doubles its delay from 100 ms, as procform's default backoff does.
  return { policy: match[1] === 'no' ? 'no' : match[1] === 'on-failure' ? 'on-failure' : 'always', ...(match[2] !== undefined && { maxRestarts: Number(match[2]) }) };
}

function composeStop(source: YamlSource, service: Mapping, path: YamlPath, now: NowOf): ImportedProcess['stop'] {
  const signal = now(service.stop_signal, [...path, 'stop_signal']);
  const grace = now(service.stop_grace_period, [...path, 'stop_grace_period']);
  if (signal === undefined && grace === undefined) return undefined;
  const stop: NonNullable<ImportedProcess['stop']> = {};
  if (signal !== undefined) {
    const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
    if (!(name in constants.signals)) throw source.error([...path, 'stop_signal'], `"${signal}" is not a signal name`);
    stop.signal = name;
  }
  if (grace !== undefined) {
    const ms = composeDuration(grace);
    if (ms === undefined) throw source.error([...path, 'stop_grace_period'], `"${grace}" is not a duration`, 'Write it as compose does: 10s, 1m30s.');
    stop.timeoutMs = ms;
  }
  return stop;
}

/** Published ports a process on this machine listens on itself: those published on the same port number. */
function hostPorts(source: YamlSource, service: Mapping, path: YamlPath, now: NowOf, note: Note): number[] {
  const value = service.ports;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw source.error([...path, 'ports'], `must be a list, not ${describeValue(value)}`);
  const ports: number[] = [];
  value.forEach((entry, index) => {
    const at = [...path, 'ports', index];
    let target: string | undefined;
    let published: string | undefined;
    if (isMapping(entry)) {
      target = now(entry.target, [...at, 'target']);
      published = now(entry.published, [...at, 'published']);
    } else {
      const spec = now(entry, at)!.replace(/\/(tcp|udp)$/, '');
      const parts = spec.split(':');
      target = parts.at(-1);
      published = parts.length > 1 ? parts.at(-2) : undefined;
    }
    if (target === undefined || !/^\d+$/.test(target) || (published !== undefined && published !== '' && !/^\d+$/.test(published))) {
      note(`ports: "${isMapping(entry) ? JSON.stringify(entry) : String(entry)}" (a range or an address) is not carried over`, at);
      return;
    }
    if (published !== undefined && published !== '' && published !== target) {
      note(`ports: published ${published} for its port ${target}: on this machine the process listens on ${target} itself`, at);
    }
    ports.push(Number(target));
  });
  return ports;
}

/** A compose (Go) duration: 1h, 1m30s, 10s, 500ms. */
export function composeDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.trim()) return undefined;
  return Math.round(parts.reduce((total, part) => total + Number(part[1]) * units[part[2]!]!, 0));
}
