import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { ImportError } from './import-error.ts';

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that remembers where each value came from, so that an importer can name the
 * line of a value it cannot use. Anchors, aliases and `<<` merge keys (docker compose's fragments)
 * are resolved as YAML 1.1 defines them.
 */
export interface YamlSource {
  file: string;
  data: unknown;
  /** The line of the value at `path`, or of the nearest enclosing value the file has. */
  lineOf(path: YamlPath): number | undefined;
  /** An ImportError at `path`'s line: "path: message". */
  error(path: YamlPath, message: string, hint?: string): ImportError;
}

/** Parses `text` as YAML; a syntax error, a duplicate key or too many aliases is an ImportError with its line. */
export function parseYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { merge: true, uniqueKeys: true, lineCounter, prettyErrors: false });
  const problem = document.errors[0];
  if (problem) {
    const line = problem.linePos?.[0].line ?? lineCounter.linePos(problem.pos[0]).line;
    throw new ImportError(file, line, `not valid YAML: ${problem.message.split('\n')[0]}`, { hint: 'Fix the YAML syntax at that line.' });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ImportError(file, undefined, `cannot read the YAML: ${(error as Error).message}`);
  }
  const lineOf = (path: YamlPath): number | undefined => {
    // A mapping's entry is found at its key's line, where a reader looks for it.
    const parent = document.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
      if (isNode(pair?.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
    }
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return {
    file,
    data,
    lineOf,
    error: (path, message, hint) => new ImportError(file, lineOf(path), `${path.join('.')}: ${message}`, hint === undefined ? {} : { hint }),
  };
}

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mapping at `path`, `{}` when absent; anything else is an error at its line. */
export function mappingAt(source: YamlSource, value: unknown, path: YamlPath): Mapping {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) throw source.error(path, `must be a mapping (key: value lines), not ${describeValue(value)}`);
  return value;
}

/** A string (numbers and booleans written bare count as their text), or undefined when absent. */
export function stringAt(source: YamlSource, value: unknown, path: YamlPath): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw source.error(path, `must be a string, not ${describeValue(value)}`);
}

/** A number (or a string of digits), or undefined when absent. */
export function numberAt(source: YamlSource, value: unknown, path: YamlPath): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  throw source.error(path, `must be a number, not ${describeValue(value)}`);
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return JSON.stringify(value);
}

