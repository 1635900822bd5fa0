import { basename } from 'node:path';
import type { ImportFormat } from './imported-model.ts';
import { isMapping } from './yaml-source.ts';

/**
 * Which format a file is: a Procfile by its name (Procfile, Procfile.dev…); a YAML file by its top
 * level: `processes:` is process-compose (which also reads compose.yml), `services:` is docker
 * compose; otherwise a file whose every line is `name: command` is a Procfile. Undefined when none fits.
 */
export function detectFormat(file: string, text: string, parsedYaml: () => unknown): ImportFormat | undefined {
  if (/^Procfile(\..+)?$/i.test(basename(file))) return 'procfile';
  let data: unknown;
  try {
    data = parsedYaml();
  } catch (error) {
    // A file named as YAML that does not parse: its syntax error says more than "unknown format".
    if (/\.ya?ml$/i.test(file)) throw error;
    data = undefined;
  }
  if (isMapping(data) && 'processes' in data) return 'process-compose';
  if (isMapping(data) && 'services' in data) return 'compose';
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length > 0 && lines.every((line) => /^[A-Za-z0-9_-]+:\s*\S/.test(line))) return 'procfile';
  return undefined;
}
