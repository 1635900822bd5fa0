// Validation without zod for the instances most models are made of: a program, its arguments, an
// environment, a tcp readiness check, ports and dependencies. Loading zod takes ~65 ms, more than
// building a changed instance, so an edit that changes such an instance is checked here. This only
// ever accepts: it gives exactly what schema.ts's zod schemas give (the same values, the keys in the
// schemas' order), or undefined for anything else (another field, another form, or any value zod
// might reject), which zod then validates and reports as always. A test compares the two on
// generated instances.
import { isDependency, isManagedProcess } from '../model/is-managed-process.ts';
import type { ValidatedProcessParams } from '../model/schema.ts';
import { parseDuration } from '../model/units.ts';

type Check = (value: unknown) => { ok: true; value: unknown } | undefined;

const ok = (value: unknown) => ({ ok: true as const, value });
const nonEmptyString: Check = (value) => (typeof value === 'string' && value.length > 0 ? ok(value) : undefined);
const anyString: Check = (value) => (typeof value === 'string' ? ok(value) : undefined);
const absolutePath: Check = (value) => (typeof value === 'string' && value.startsWith('/') ? ok(value) : undefined);
const accountName: Check = (value) => (typeof value === 'string' && /^[a-z_][a-z0-9_-]*\$?$/i.test(value) ? ok(value) : undefined);
const port: Check = (value) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? ok(value) : undefined);
const duration: Check = (value) => {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return undefined;
  const ms = parseDuration(value);
  return ms === undefined ? undefined : ok(ms);
};
const args: Check = (value) => arrayOf(value, (item) => (typeof item === 'string' ? ok(item) : typeof item === 'number' && Number.isFinite(item) ? ok(String(item)) : undefined));

// In managedProcessSchema's order: zod's output lists the keys so.
const processFields: [string, Check][] = [
  ['kind', (value) => (value === 'managed-process' ? ok(value) : undefined)],
  ['name', nonEmptyString],
  ['instanceName', nonEmptyString],
  ['description', anyString],
  ['process', nonEmptyString],
  ['args', args],
  ['foregroundProcess', nonEmptyString],
  ['foregroundProcessArgs', args],
  ['foregroundProcessExtraArgs', args],
  ['daemon', nonEmptyString],
  ['daemonArgs', args],
  ['daemonExtraArgs', args],
  ['environment', environment],
  ['directory', absolutePath],
  ['path', (value) => arrayOf(value, absolutePath)],
  ['user', accountName],
  ['pidFile', absolutePath],
  ['dependencies', (value) => arrayOf(value, (item) => (isDependency(item) ? ok(item) : undefined))],
  ['initialize', anyString],
  ['readiness', tcpReadiness],
  ['ports', (value) => arrayOf(value, port)],
];

const tcpFields: [string, Check][] = [
  ['kind', (value) => (value === 'tcp' ? ok(value) : undefined)],
  ['port', port],
  ['host', anyString],
  ['timeout', duration],
  ['interval', duration],
];

/** The instance's validated parameters, or undefined when zod must decide. */
export function quickValidate(instance: unknown): ValidatedProcessParams | undefined {
  if (!isPlainObject(instance)) return undefined;
  const { pkg, requiresUniqueIdsFor, providesContainer } = instance as Record<string, unknown>;
  if (!isManagedProcess(pkg) || providesContainer !== undefined) return undefined;
  if (requiresUniqueIdsFor !== undefined && arrayOf(requiresUniqueIdsFor, nonEmptyString) === undefined) return undefined;
  return objectOf(pkg, processFields)?.value as ValidatedProcessParams | undefined;
}

function tcpReadiness(value: unknown): ReturnType<Check> {
  // kind and port are required.
  if (!isPlainObject(value) || !Object.hasOwn(value as object, 'kind') || !Object.hasOwn(value as object, 'port')) return undefined;
  return objectOf(value, tcpFields);
}

function environment(value: unknown): ReturnType<Check> {
  if (!isPlainObject(value)) return undefined;
  const result: Record<string, string> = {};
  for (const key of Object.keys(value as object)) {
    const item = (value as Record<string, unknown>)[key];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || key === '__proto__') return undefined;
    if (typeof item === 'string') result[key] = item;
    else if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) result[key] = String(item);
    else return undefined;
  }
  return ok(result);
}

/** A plain object with only the known fields, each present with a value each check accepts. */
function objectOf(value: unknown, fields: [string, Check][]): ReturnType<Check> {
  if (!isPlainObject(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let found = 0;
  const result: Record<string, unknown> = {};
  for (const [key, check] of fields) {
    if (!Object.hasOwn(record, key)) continue;
    found++;
    const checked = check(record[key]);
    if (checked === undefined) return undefined;
    result[key] = checked.value;
  }
  // A key of another field (or a symbol or inherited one zod might see) is for zod to judge.
  if (found !== keys.length || Object.getOwnPropertySymbols(record).length > 0) return undefined;
  return ok(result);
}

function arrayOf(value: unknown, check: Check): ReturnType<Check> {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
  const result: unknown[] = [];
  for (let index = 0; index < value.length; index++) {
    const checked = check(value[index]);
    if (checked === undefined) return undefined;
    result.push(checked.value);
  }
  return ok(result);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) === Object.prototype;
}
