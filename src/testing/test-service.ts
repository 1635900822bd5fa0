import { KNOWN_PROCESS_MANAGERS } from '../backends/names.ts';
import { TestDefinitionError } from './errors.ts';
import type { TestService, TestServiceOptions } from './types.ts';
import { TEST_PROFILES } from './types.ts';

const functionOptions = ['setup', 'initialTests', 'readiness', 'tests', 'postTests'] as const;
const knownOptions = new Set<string>(['name', 'exprFile', 'extraParams', 'processManagers', 'profiles', 'packages', 'timeoutMs', ...functionOptions]);

/**
 * Declares a test of a processes model, as upstream's testService: `procform test` runs it once per
 * process manager and profile, each in a fresh machine. The options are checked here, when the test
 * file loads, so that a typo fails before any machine starts.
 */
export function testService(options: TestServiceOptions): TestService {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) throw new TestDefinitionError('testService expects an object of options');
  for (const key of Object.keys(options)) if (!knownOptions.has(key)) problems.push(`unknown option "${key}"`);
  if (!(typeof options.exprFile === 'string' && options.exprFile !== '') && !(options.exprFile instanceof URL)) {
    problems.push('"exprFile" must name the processes model: a path relative to the test file, or a URL');
  }
  if (options.name !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(options.name)) {
    problems.push(`"name" ${JSON.stringify(options.name)} may only contain letters, digits, "_" and "-" (it names the variants)`);
  }
  for (const manager of options.processManagers ?? []) {
    if (!KNOWN_PROCESS_MANAGERS.includes(manager) || manager === 'none') problems.push(`"processManagers": "${manager}" is not a process manager`);
  }
  for (const profile of options.profiles ?? []) {
    if (!TEST_PROFILES.includes(profile)) problems.push(`"profiles": "${profile}" is not a profile; use ${TEST_PROFILES.join(' or ')}`);
  }
  for (const name of options.packages ?? []) {
    if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) problems.push(`"packages": "${name}" is not a Debian package name`);
  }
  for (const key of functionOptions) {
    if (options[key] !== undefined && typeof options[key] !== 'function') problems.push(`"${key}" must be a function`);
  }
  if (options.extraParams !== undefined && (typeof options.extraParams !== 'object' || options.extraParams === null || Array.isArray(options.extraParams))) {
    problems.push('"extraParams" must be an object');
  }
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) problems.push('"timeoutMs" must be a positive number');
  if (problems.length > 0) {
    throw new TestDefinitionError(`testService: ${problems.join('; ')}`, {
      hint: `Options: ${[...knownOptions].join(', ')}. Process managers: ${KNOWN_PROCESS_MANAGERS.filter((name) => name !== 'none').join(', ')}.`,
    });
  }
  return { kind: 'procform-test', options };
}

/** Whether a value exported by a test file is a test (tagged data, so that module copies do not matter). */
export function isTestService(value: unknown): value is TestService {
  return typeof value === 'object' && value !== null && (value as TestService).kind === 'procform-test';
}
