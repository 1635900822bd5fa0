// Turns validated parameters into a ProcessSpec: upstream's defaults (names, argument lists, PID
// file conventions, user handling), our portable semantics' defaults, and absolute executables.
import type { ModelProblem } from '../errors.ts';
import { resolveExecutable } from './resolve-executable.ts';
import type { ValidatedProcessParams } from './schema.ts';
import type { Command, LivenessSpec, ProbeSpec, ProcessContext, ProcessSpec, ReadinessSpec, RestartSpec } from './types.ts';

export const defaultRestart: RestartSpec = {
  policy: 'on-failure',
  backoff: { initialMs: 100, multiplier: 2, maxMs: 30_000, maxRestarts: 10, resetAfterMs: 60_000 },
};
export const defaultStop = { signal: 'SIGTERM', timeoutMs: 10_000 };
export const defaultLogRotation = { maxBytes: 10 * 1024 * 1024, keep: 5 };
const defaultReadinessTiming = { timeoutMs: 60_000, intervalMs: 100 };
/** Kubernetes' period and failure threshold; a longer timeout than its 1 s, for loaded machines. */
export const defaultLivenessTiming = { periodMs: 10_000, timeoutMs: 5_000, failures: 3, afterMs: 0 };

export interface NormalizeInput {
  instance: string;
  params: ValidatedProcessParams;
  /** Process names of the dependencies, already resolved from references. */
  dependencies: string[];
  ctx: ProcessContext;
  isPendingStorePath: (path: string) => boolean;
}

export function normalizeProcess(input: NormalizeInput): { spec: ProcessSpec; problems: ModelProblem[] } {
  const { instance, params: p, ctx } = input;
  const problems: ModelProblem[] = [];
  const name = p.name ?? p.instanceName ?? instance;
  const instanceName = p.instanceName ?? name;

  const command = (field: string, ref: ValidatedProcessParams['process'], args: string[]): Command | null => {
    if (ref === undefined) return null;
    const resolution = resolveExecutable(ref, ctx.target, { folders: p.path ?? [], isPendingStorePath: input.isPendingStorePath });
    if (!resolution.ok) {
      problems.push({ instance, field: `pkg.${field}`, message: `${resolution.message}. ${resolution.hint}` });
      return null;
    }
    return { executable: resolution.path, args };
  };
  const foregroundField = p.foregroundProcess === undefined ? 'process' : 'foregroundProcess';
  const daemonField = p.daemon === undefined ? 'process' : 'daemon';
  const foregroundRef = p.foregroundProcess ?? p.process;
  const daemonRef = p.daemon ?? p.process;
  if (foregroundRef === undefined && daemonRef === undefined) {
    problems.push({ instance, field: 'pkg', message: 'neither process, foregroundProcess nor daemon is set; give at least one' });
  }
  const foregroundArgs = p.foregroundProcessArgs ?? [...(p.args ?? []), ...(p.foregroundProcessExtraArgs ?? [])];
  const daemonArgs = p.daemonArgs ?? [...(p.args ?? []), ...(p.daemonExtraArgs ?? [])];
  // When both modes use the same executable, resolve (and report) it once.
  const foreground = command(foregroundField, foregroundRef, foregroundArgs);
  const daemon =
    daemonRef !== undefined && daemonRef === foregroundRef
      ? foreground && { executable: foreground.executable, args: daemonArgs }
      : command(daemonField, daemonRef, daemonArgs);

  const declaredUser = p.user ?? null;
  const spec: ProcessSpec = {
    instance,
    name,
    instanceName,
    description: p.description ?? name,
    foreground,
    daemon,
    environment: p.environment ?? {},
    path: p.path ?? [],
    directory: p.directory ?? null,
    umask: p.umask ?? null,
    nice: p.nice ?? null,
    user: ctx.forceDisableUserChange ? null : declaredUser,
    declaredUser,
    credentials: ctx.forceDisableUserChange ? { groups: {}, users: {} } : credentialsWithIds(p.credentials, ctx),
    // Upstream's convention: a process that changes user cannot write to runtimeDir, so its PID file goes to tmpDir.
    pidFile: p.pidFile ?? `${declaredUser === null ? ctx.runtimeDir : ctx.tmpDir}/${instanceName}.pid`,
    dependencies: input.dependencies,
    initialize: p.initialize ?? '',
    readiness: normalizeReadiness(p.readiness),
    ...(p.liveness !== undefined && { liveness: normalizeLiveness(p.liveness) }),
    restart: normalizeRestart(p.restart),
    stop: { signal: p.stop?.signal ?? defaultStop.signal, timeoutMs: p.stop?.timeout ?? defaultStop.timeoutMs },
    log: {
      timestamps: p.log?.timestamps ?? false,
      rotate:
        p.log?.rotate === false
          ? null
          : { maxBytes: p.log?.rotate?.maxSize ?? defaultLogRotation.maxBytes, keep: p.log?.rotate?.keep ?? defaultLogRotation.keep },
    },
    ports: p.ports ?? [],
  };
  return { spec, problems };
}

function normalizeReadiness(readiness: ValidatedProcessParams['readiness']): ReadinessSpec | null {
  if (readiness === undefined) return null;
  return {
    ...normalizeProbe(readiness),
    timeoutMs: readiness.timeout ?? defaultReadinessTiming.timeoutMs,
    intervalMs: readiness.interval ?? defaultReadinessTiming.intervalMs,
  };
}

function normalizeLiveness(liveness: NonNullable<ValidatedProcessParams['liveness']>): LivenessSpec {
  return {
    ...normalizeProbe(liveness),
    periodMs: liveness.period ?? defaultLivenessTiming.periodMs,
    timeoutMs: liveness.timeout ?? defaultLivenessTiming.timeoutMs,
    failures: liveness.failures ?? defaultLivenessTiming.failures,
    afterMs: liveness.after ?? defaultLivenessTiming.afterMs,
  };
}

type ValidatedProbe = NonNullable<ValidatedProcessParams['readiness'] | ValidatedProcessParams['liveness']>;

/** What a probe checks, with its defaults: the part readiness and liveness checks share. */
function normalizeProbe<P extends ValidatedProbe>(probe: P): Extract<ProbeSpec, { kind: P['kind'] }>;
function normalizeProbe(probe: ValidatedProbe): ProbeSpec {
  switch (probe.kind) {
    case 'tcp':
      return { kind: 'tcp', port: probe.port, host: probe.host ?? '127.0.0.1' };
    case 'http':
      return { kind: 'http', url: probe.url, status: probe.status ?? null };
    case 'exec':
      return { kind: 'exec', command: typeof probe.command === 'string' ? ['/bin/sh', '-c', probe.command] : probe.command };
    case 'log':
      return { kind: 'log', pattern: probe.pattern };
    case 'file':
      return { kind: 'file', path: probe.path };
  }
}

function normalizeRestart(restart: ValidatedProcessParams['restart']): RestartSpec {
  if (restart === undefined) return defaultRestart;
  if (typeof restart === 'string') return { ...defaultRestart, policy: restart };
  const backoff = restart.backoff ?? {};
  return {
    policy: restart.policy ?? defaultRestart.policy,
    backoff: {
      initialMs: backoff.initial ?? defaultRestart.backoff.initialMs,
      multiplier: backoff.multiplier ?? defaultRestart.backoff.multiplier,
      maxMs: backoff.max ?? defaultRestart.backoff.maxMs,
      maxRestarts: backoff.maxRestarts ?? defaultRestart.backoff.maxRestarts,
      resetAfterMs: backoff.resetAfter ?? defaultRestart.backoff.resetAfterMs,
    },
  };
}

/** As upstream's createCredentials: a user or group without an explicit ID takes the one assigned in ids.uids / ids.gids. */
function credentialsWithIds(credentials: ValidatedProcessParams['credentials'], ctx: ProcessContext): ProcessSpec['credentials'] {
  const groups = Object.fromEntries(
    Object.entries(credentials?.groups ?? {}).map(([group, properties]) => {
      const gid = properties.gid ?? ctx.ids.gids?.[group];
      return [group, gid === undefined ? { ...properties } : { ...properties, gid }];
    }),
  );
  const users = Object.fromEntries(
    Object.entries(credentials?.users ?? {}).map(([user, properties]) => {
      const uid = properties.uid ?? ctx.ids.uids?.[user];
      return [user, uid === undefined ? { ...properties } : { ...properties, uid }];
    }),
  );
  return { groups, users };
}
