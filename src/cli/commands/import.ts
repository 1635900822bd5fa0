import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { importFile } from '../../import/import-file.ts';
import { OutputExistsError } from '../../import/import-error.ts';
import type { ImportFormat } from '../../import/imported-model.ts';
import { IMPORT_FORMATS } from '../../import/imported-model.ts';
import { describeNote, renderModel } from '../../import/render-model.ts';

export interface ImportFlags {
  out: string;
  format?: string;
  force?: boolean;
  formation?: string;
  port?: string;
}

/** Writes a processes model from a Procfile, docker compose or process-compose file; says on stderr what it did not carry over. */
export async function importCommand(file: string, flags: ImportFlags): Promise<void> {
  const format = parseFormat(flags.format);
  const portBase = flags.port === undefined ? Number(process.env.PORT ?? 5000) : parsePort(flags.port);
  const { model, order } = importFile(file, {
    ...(format && { format }),
    ...(flags.formation !== undefined && { formation: parseFormation(flags.formation) }),
    portBase,
  });
  const toStdout = flags.out === '-';
  const out = resolve(toStdout ? 'processes.ts' : flags.out);
  const text = renderModel(model, {
    sourceName: basename(file),
    projectDirFromModel: relative(dirname(out), dirname(resolve(file))) || '.',
    order,
  });
  if (toStdout) process.stdout.write(text);
  else await writeNew(out, text, flags.force ?? false);
  for (const note of model.notes) process.stderr.write(`not carried over: ${describeNote(note, file)}\n`);
  if (!toStdout) process.stderr.write(`wrote ${flags.out}: ${model.processes.length} instance${model.processes.length === 1 ? '' : 's'}; check it with \`procform build ${flags.out}\`\n`);
}

/**
 * Writes the file whole or not at all (a temporary file beside it, then renamed or linked into place);
 * without `force`, an existing file is never replaced, even one created meanwhile (link fails then).
 */
async function writeNew(path: string, text: string, force: boolean): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) await rename(temporary, path);
    else await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OutputExistsError(path);
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

function parseFormat(value: string | undefined): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (!(IMPORT_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format: "${value}" is not a format`, { hint: `Use ${IMPORT_FORMATS.join(', ')}.` });
  return value as ImportFormat;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: "${value}" is not a port number`);
  return port;
}

/** foreman's formation: `web=2,worker=1` (or `all=2`, which foreman also takes, is not supported). */
function parseFormation(value: string): Record<string, number> {
  return Object.fromEntries(
    value.split(',').map((entry) => {
      const match = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(entry.trim());
      if (!match) throw new UsageError(`--formation: "${entry}" is not NAME=COUNT`, { hint: 'Write it as foreman does: web=2,worker=1.' });
      return [match[1]!, Number(match[2])];
    }),
  );
}
