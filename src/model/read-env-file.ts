import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProcformError } from '../errors.ts';

/**
 * Reads a dotenv file (`KEY=value` lines, as foreman's `.env`, docker compose's `env_file` and
 * process-compose's `env_file` are written) into an environment, so that a model keeps its values in
 * the file its other tools read. Blank lines and `#` comments are skipped, `export ` is allowed,
 * single quotes keep text as it is, double quotes understand `\n`, `\"` and `\\`, an unquoted value
 * ends at ` #`. Read when the model is built: the values go into the generated configuration.
 */
export function readEnvFile(file: string | URL, options: { optional?: boolean } = {}): Record<string, string> {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ProcformError(`cannot read the environment file ${path}: ${(error as Error).message}`, {
      hint: 'Create it, or pass { optional: true } to readEnvFile.',
    });
  }
  return parseEnvFile(text, path);
}

/** The variables of a dotenv file's text; `where` names the file in errors. */
export function parseEnvFile(text: string, where: string): Record<string, string> {
  const environment: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      throw new ProcformError(`${where}:${index + 1}: "${line}" is not a KEY=value line`, { hint: 'Write each variable as KEY=value.' });
    }
    environment[match[1]!] = unquote(match[2]!);
  });
  return environment;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\([n"\\])/g, (_, character: string) => (character === 'n' ? '\n' : character));
  }
  return value.replace(/\s+#.*$/, '');
}
