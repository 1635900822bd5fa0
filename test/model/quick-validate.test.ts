import { describe, expect, it } from 'vitest';
import { quickValidate } from '../../src/load/quick-validate.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { instanceSchema, managedProcessSchema } from '../../src/model/schema.ts';

// A small deterministic generator (mulberry32), so that a failure can be reproduced.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dependency = createManagedProcess({ process: '/bin/true' });
// Values for each field: valid ones and ones zod rejects or that the quick check leaves to zod.
const strings = ['', 'x', '/abs', 'rel/path', 'web_1', 'Bad Name', '1abc', 'svc$'];
const numbers = [0, 1, 80, 65535, 65536, -1, 1.5, -0, Number.NaN, Infinity, 1e21];
const durations = ['5s', '500ms', '2m', ' 1h ', 'soon', '1.5s', -5, 0, 250, Number.NaN];
const pick = <T,>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
const scalar = (next: () => number): unknown => pick(next, [...strings, ...numbers, true, false, null, undefined, {}, []]);
const list = (next: () => number, item: () => unknown): unknown => (next() < 0.1 ? scalar(next) : Array.from({ length: Math.floor(next() * 4) }, item));

function field(next: () => number, name: string): unknown {
  switch (name) {
    case 'args':
    case 'foregroundProcessArgs':
    case 'foregroundProcessExtraArgs':
    case 'daemonArgs':
    case 'daemonExtraArgs':
      return list(next, () => (next() < 0.5 ? pick(next, strings) : pick(next, [...numbers, true, null])));
    case 'path':
      return list(next, () => pick(next, strings));
    case 'ports':
      return list(next, () => pick(next, numbers));
    case 'dependencies':
      return list(next, () => pick(next, [dependency, { pkg: dependency }, 'db', {}]));
    case 'environment':
      return next() < 0.1
        ? scalar(next)
        : Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, () => [pick(next, ['A', 'B_2', '_x', '2A', 'A-B']), pick(next, [...strings, ...numbers, true, null])]));
    case 'readiness': {
      if (next() < 0.1) return scalar(next);
      const readiness: Record<string, unknown> = { kind: pick(next, ['tcp', 'tcp', 'tcp', 'http', 'nope']) };
      if (next() < 0.9) readiness.port = pick(next, numbers);
      if (next() < 0.3) readiness.host = pick(next, [...strings, 1]);
      if (next() < 0.3) readiness.timeout = pick(next, durations);
      if (next() < 0.3) readiness.interval = pick(next, durations);
      if (next() < 0.05) readiness.extra = 1;
      return readiness;
    }
    case 'stop':
      return { timeout: pick(next, durations) };
    default:
      return next() < 0.8 ? pick(next, strings) : scalar(next);
  }
}

const fields = [
  'name', 'instanceName', 'description', 'process', 'args', 'foregroundProcess', 'foregroundProcessArgs', 'foregroundProcessExtraArgs',
  'daemon', 'daemonArgs', 'daemonExtraArgs', 'environment', 'directory', 'path', 'user', 'pidFile', 'dependencies', 'initialize',
  'readiness', 'ports', 'stop', 'unknownField',
];

function instance(next: () => number): Record<string, unknown> {
  const pkg: Record<string, unknown> = { kind: next() < 0.97 ? 'managed-process' : 'other' };
  for (const name of fields) if (next() < (name === 'stop' || name === 'unknownField' ? 0.03 : 0.25)) pkg[name] = field(next, name);
  const made: Record<string, unknown> = { pkg };
  if (next() < 0.3) made.port = pick(next, numbers);
  if (next() < 0.1) made.requiresUniqueIdsFor = list(next, () => pick(next, strings));
  return made;
}

describe('quickValidate (quick-validate.ts)', () => {
  it('accepts only what zod accepts, and gives exactly what zod gives (values and key order)', () => {
    const next = random(11);
    let accepted = 0;
    let zodAccepted = 0;
    for (let round = 0; round < 20000; round++) {
      const made = instance(next);
      const quick = quickValidate(made);
      const zod = instanceSchema.safeParse(made).success ? managedProcessSchema.safeParse(made.pkg) : undefined;
      if (zod?.success) zodAccepted++;
      if (quick === undefined) continue;
      accepted++;
      expect(zod?.success, JSON.stringify(made)).toBe(true);
      expect(JSON.stringify(quick), JSON.stringify(made)).toBe(JSON.stringify(zod!.data));
      expect(quick).toEqual(zod!.data);
      if (zod!.data!.dependencies) expect(quick.dependencies!.every((item, index) => item === zod!.data!.dependencies![index])).toBe(true);
    }
    // The check is worth having: it takes most of what zod accepts here (all but stop and the rest).
    expect(accepted).toBeGreaterThan(zodAccepted / 2);
  });

  it('takes a typical instance, and leaves other forms to zod', () => {
    const pkg = createManagedProcess({ process: '/bin/busybox', args: ['httpd', '-p', 8080], readiness: { kind: 'tcp', port: 8080 }, environment: { A: 1 } });
    expect(quickValidate({ port: 8080, pkg })).toEqual(managedProcessSchema.parse(pkg));
    expect(quickValidate({ pkg: { ...pkg, stop: { timeout: '5s' } } })).toBeUndefined();
    expect(quickValidate({ pkg: { ...pkg, process: { kind: 'executable', name: 'busybox' } } })).toBeUndefined();
    expect(quickValidate({ pkg: { ...pkg, description: undefined } })).toBeUndefined();
    expect(quickValidate({ pkg, providesContainer: { name: 'c', type: 't', properties: {} } })).toBeUndefined();
    expect(quickValidate({ pkg: { ...pkg, args: ['a', 'b'] } })).toEqual({ ...managedProcessSchema.parse(pkg), args: ['a', 'b'] });
  });
});
