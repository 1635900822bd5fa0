import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, importWithProcform } from '../load/load-model.ts';
import { ProcformError } from '../errors.ts';
import { TestDefinitionError } from './errors.ts';
import { isTestService } from './test-service.ts';
import type { LoadedTest, TestService } from './types.ts';

/**
 * The tests a test file declares: its default export (one testService, or an array of them), or
 * else every named export that is one. Each test's model is located relative to the test file.
 */
export async function loadTests(file: string): Promise<LoadedTest[]> {
  const path = resolve(file);
  if (!existsSync(path)) throw new TestDefinitionError(`test file ${path} does not exist`);
  let exported: unknown;
  try {
    exported = await importWithProcform(path);
  } catch (error) {
    if (error instanceof ProcformError) throw new TestDefinitionError(`${path}: ${error.message}`, { hint: error.hint, cause: error });
    throw new TestDefinitionError(`${path}: the test file failed to load: ${describe(error)}`, { cause: error });
  }
  const tests = testsIn(exported);
  if (tests.length === 0) {
    throw new TestDefinitionError(`${path}: declares no test`, {
      hint: "Export one: `export default testService({ exprFile: './processes.ts', tests: ... })` (import { testService } from 'procform/testing').",
    });
  }
  const loaded = tests.map((test) => locate(path, test));
  const names = new Set<string>();
  for (const test of loaded) {
    if (names.has(test.name)) throw new TestDefinitionError(`${path}: two tests are named "${test.name}"`, { hint: 'Give each testService its own name.' });
    names.add(test.name);
  }
  return loaded;
}

function testsIn(exported: unknown): TestService[] {
  if (isTestService(exported)) return [exported];
  if (Array.isArray(exported)) return exported.filter(isTestService);
  if (typeof exported === 'object' && exported !== null) return Object.values(exported).flatMap((value) => testsIn(Array.isArray(value) || isTestService(value) ? value : []));
  return [];
}

function locate(file: string, test: TestService): LoadedTest {
  const { exprFile } = test.options;
  const modelFile = exprFile instanceof URL ? fileURLToPath(exprFile) : isAbsolute(exprFile) ? exprFile : resolve(dirname(file), exprFile);
  if (!existsSync(modelFile)) {
    throw new TestDefinitionError(`${file}: the processes model ${modelFile} does not exist`, { hint: 'exprFile is relative to the test file.' });
  }
  return { name: test.options.name ?? basename(modelFile, extname(modelFile)), file, modelFile, options: test.options };
}
