import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findCycle } from '../graph/dependency-graph.ts';
import { parseEnvFile } from '../model/read-env-file.ts';
import { importCompose } from './compose.ts';
import { detectFormat } from './detect-format.ts';
import { ImportError } from './import-error.ts';
import type { ImportedModel, ImportFormat } from './imported-model.ts';
import { IMPORT_FORMATS } from './imported-model.ts';
import { importProcessCompose } from './process-compose.ts';
import { importProcfile } from './procfile.ts';
import { parseYaml } from './yaml-source.ts';

export interface ImportOptions {
  format?: ImportFormat;
  /** Procfile: instances per process type. */
  formation?: Record<string, number>;
  /** Procfile: the first PORT. */
  portBase?: number;
  /** Variables for values resolved while importing (compose); defaults to this process's environment. */
  environment?: NodeJS.ProcessEnv;
}

export interface ImportResult {
  model: ImportedModel;
  /** Instance keys, dependencies before dependents. */
  order: string[];
}

/** Reads and converts the file; throws ImportError (file, line, what to do) for anything it cannot use. Writes nothing. */
export function importFile(file: string, options: ImportOptions = {}): ImportResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ImportError(file, undefined, `cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`, {
      hint: 'Name a Procfile, a docker compose file or a process-compose file.',
    });
  }
  const yaml = () => parseYaml(file, text);
  const format = options.format ?? detectFormat(file, text, () => yaml().data);
  if (format === undefined) {
    throw new ImportError(file, undefined, 'is neither a Procfile, a docker compose file nor a process-compose file', {
      hint: `Pass --format (${IMPORT_FORMATS.join(', ')}) if it is one of them.`,
    });
  }
  const dotenvPath = join(dirname(file), '.env');
  const hasDotenv = existsSync(dotenvPath);
  let model: ImportedModel;
  if (format === 'procfile') {
    model = importProcfile(file, text, { formation: options.formation ?? {}, portBase: options.portBase ?? 5000, hasDotenv });
  } else if (format === 'process-compose') {
    model = importProcessCompose(yaml());
  } else {
    const dotenv = hasDotenv ? readDotenv(dotenvPath) : {};
    const environment = options.environment ?? process.env;
    model = importCompose(yaml(), { lookup: (name) => environment[name] ?? dotenv[name], hasDotenv });
  }
  const graph = new Map(model.processes.map((process) => [process.key, process.dependencies]));
  const cycle = findCycle(graph);
  if (cycle) throw new ImportError(file, undefined, `its dependencies go round in a circle: ${cycle.join(' → ')}`, { hint: 'Remove one of these dependencies.' });
  return { model, order: fileOrder(model.processes.map((process) => process.key), graph) };
}

/** The file's order, except that a dependency comes before its dependents (the model refers to it by name). */
function fileOrder(keys: string[], graph: Map<string, string[]>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < keys.length) {
    const next = keys.find((key) => !placed.has(key) && graph.get(key)!.every((dependency) => placed.has(dependency)))!;
    order.push(next);
    placed.add(next);
  }
  return order;
}

function readDotenv(path: string): Record<string, string> {
  try {
    return parseEnvFile(readFileSync(path, 'utf8'), path);
  } catch (error) {
    throw new ImportError(path, undefined, (error as Error).message);
  }
}
