// zod schemas of what a model may contain. They check shapes and turn user-friendly values
// (durations, sizes, numbers in environments) into canonical ones; defaults that depend on the
// deployment (names, PID files, executables) are applied afterwards by normalize.ts.
import { constants } from 'node:os';
import { z } from 'zod';
import { KNOWN_PROCESS_MANAGERS } from '../backends/names.ts';
import { isDependency, isManagedProcess } from './is-managed-process.ts';
import { parseDuration, parseSize } from './units.ts';

const duration = z
  .union([z.number(), z.string()])
  .transform((value, context) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      context.addIssue({ code: 'custom', message: `"${value}" is not a duration; write milliseconds or a string such as "500ms", "5s", "2m"` });
      return z.NEVER;
    }
    return ms;
  });

const size = z
  .union([z.number(), z.string()])
  .transform((value, context) => {
    const bytes = parseSize(value);
    if (bytes === undefined) {
      context.addIssue({ code: 'custom', message: `"${value}" is not a size; write bytes or a string such as "512k", "10M", "1G"` });
      return z.NEVER;
    }
    return bytes;
  });

const signal = z.string().transform((value, context) => {
  const name = value.toUpperCase().startsWith('SIG') ? value.toUpperCase() : `SIG${value.toUpperCase()}`;
  if (!(name in constants.signals)) {
    context.addIssue({ code: 'custom', message: `"${value}" is not a signal name (for example SIGTERM, SIGINT, SIGQUIT)` });
    return z.NEVER;
  }
  return name;
});

const port = z.number().int().min(0).max(65535);
const absolutePath = z.string().refine((value) => value.startsWith('/'), { message: 'must be an absolute path' });

export const executableRef = z.union([
  z.string().min(1),
  z.object({ kind: z.literal('executable'), name: z.string().min(1), install: z.string().optional() }).strict(),
]);

const arg = z.union([z.string(), z.number()]).transform(String);
const args = z.array(arg);

// What each kind of probe checks, shared by readiness and liveness checks.
const tcpProbe = { kind: z.literal('tcp'), port: port.min(1), host: z.string().optional() };
const httpProbe = { kind: z.literal('http'), url: z.url({ protocol: /^https?$/ }), status: z.number().int().optional() };
const execProbe = { kind: z.literal('exec'), command: z.union([z.string().min(1), z.array(z.string()).min(1)]) };

const readinessTiming = { timeout: duration.optional(), interval: duration.optional() };
const readiness = z.discriminatedUnion('kind', [
  z.object({ ...tcpProbe, ...readinessTiming }).strict(),
  z.object({ ...httpProbe, ...readinessTiming }).strict(),
  z.object({ ...execProbe, ...readinessTiming }).strict(),
  z
    .object({
      kind: z.literal('log'),
      pattern: z.string().refine(isRegExp, { message: 'is not a valid regular expression' }),
      ...readinessTiming,
    })
    .strict(),
  z.object({ kind: z.literal('file'), path: absolutePath, ...readinessTiming }).strict(),
]);

const positiveDuration = duration.refine((ms) => ms > 0, { message: 'must be longer than 0 ms' });
const livenessTiming = {
  period: positiveDuration.optional(),
  timeout: positiveDuration.optional(),
  failures: z.number().int().min(1).optional(),
  after: duration.optional(),
};
// A log line or a file, once there, stay there: they cannot tell a hung process from a live one.
const liveness = z.discriminatedUnion(
  'kind',
  [z.object({ ...tcpProbe, ...livenessTiming }).strict(), z.object({ ...httpProbe, ...livenessTiming }).strict(), z.object({ ...execProbe, ...livenessTiming }).strict()],
  { error: (issue) => (issue.code === 'invalid_union' ? 'a liveness check is of kind "tcp", "http" or "exec"' : undefined) },
);

const restartPolicy = z.enum(['no', 'on-failure', 'always']);
const restart = z.union([
  restartPolicy,
  z
    .object({
      policy: restartPolicy.optional(),
      backoff: z
        .object({
          initial: duration.optional(),
          multiplier: z.number().min(1).optional(),
          max: duration.optional(),
          maxRestarts: z.number().int().min(0).optional(),
          resetAfter: duration.optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
]);

const stop = z.object({ signal: signal.optional(), timeout: duration.optional() }).strict();

const log = z
  .object({
    timestamps: z.boolean().optional(),
    rotate: z
      .union([z.literal(false), z.object({ maxSize: size.optional(), keep: z.number().int().min(1).optional() }).strict()])
      .optional(),
  })
  .strict();

const accountName = z.string().regex(/^[a-z_][a-z0-9_-]*\$?$/i, { message: 'is not a valid user or group name' });
const credentials = z
  .object({
    groups: z.record(accountName, z.looseObject({ gid: z.number().int().min(0).optional() })).optional(),
    users: z
      .record(
        accountName,
        z.looseObject({
          uid: z.number().int().min(0).optional(),
          group: z.string().optional(),
          homeDir: absolutePath.optional(),
          createHomeDir: z.boolean().optional(),
        }),
      )
      .optional(),
  })
  .strict();

const override = z.union([
  z.custom<(generated: Record<string, unknown>) => Record<string, unknown>>((value) => typeof value === 'function', {
    message: 'must be an object (deep-merged) or a function (generated parameters → parameters)',
  }),
  z.record(z.string(), z.unknown()),
]);

const overrides = z.record(z.string(), override).superRefine((value, context) => {
  for (const key of Object.keys(value)) {
    if (!KNOWN_PROCESS_MANAGERS.includes(key)) {
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is not a process manager; known ones are ${KNOWN_PROCESS_MANAGERS.join(', ')}`,
      });
    }
  }
});

/** An instance's `pkg` or a dependency: something createManagedProcess returned. */
const managedProcessRef = z.custom<object>((value) => isManagedProcess(value), {
  message: 'is not a managed process; use createManagedProcess (or a constructor built on it)',
});

/** A dependency: another instance of the model, or its pkg. */
const dependency = z.custom<object>(isDependency, {
  message: 'is not an instance or a managed process; a dependency is a reference to another instance, never a string',
});

export const managedProcessSchema = z
  .object({
    kind: z.literal('managed-process'),
    name: z.string().min(1).optional(),
    instanceName: z.string().min(1).optional(),
    description: z.string().optional(),
    process: executableRef.optional(),
    args: args.optional(),
    foregroundProcess: executableRef.optional(),
    foregroundProcessArgs: args.optional(),
    foregroundProcessExtraArgs: args.optional(),
    daemon: executableRef.optional(),
    daemonArgs: args.optional(),
    daemonExtraArgs: args.optional(),
    environment: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'is not a valid environment variable name' }), z.union([z.string(), z.number(), z.boolean()]).transform(String))
      .optional(),
    directory: absolutePath.optional(),
    path: z.array(absolutePath).optional(),
    umask: z
      .union([z.string().regex(/^0?[0-7]{3}$/, { message: 'is not an octal umask such as "0022"' }), z.number().int().min(0).max(0o777)])
      .transform((value) => (typeof value === 'number' ? value.toString(8) : value).padStart(4, '0'))
      .optional(),
    nice: z
      .union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)])
      .pipe(z.number().int().min(-20).max(19))
      .optional(),
    user: accountName.optional(),
    credentials: credentials.optional(),
    pidFile: absolutePath.optional(),
    dependencies: z.array(dependency).optional(),
    initialize: z.string().optional(),
    readiness: readiness.optional(),
    liveness: liveness.optional(),
    restart: restart.optional(),
    stop: stop.optional(),
    log: log.optional(),
    ports: z.array(port.min(1)).optional(),
    overrides: overrides.optional(),
  })
  .strict();

export type ValidatedProcessParams = z.output<typeof managedProcessSchema>;

const containerName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { message: 'may only contain letters, digits, ".", "_" and "-"' });

const containerSchema = z
  .object({
    name: containerName,
    type: containerName,
    properties: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()])),
  })
  .strict();

export const instanceSchema = z.looseObject({
  pkg: managedProcessRef,
  requiresUniqueIdsFor: z.array(z.string().min(1)).optional(),
  providesContainer: containerSchema.optional(),
});

export { isManagedProcess };

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
