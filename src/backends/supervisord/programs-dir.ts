// conf.d/ in the driver's stable folder: one link per deployed program, into the store, as
// upstream's deploy links them into SUPERVISORD_CONF_DIR. supervisord reads it on reloadConfig.
import { readFile, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import { iniValue } from './escape.ts';
import { programFile, programLogFile } from './paths.ts';

export async function linkProgram(programsDir: string, entry: ManifestInstance): Promise<void> {
  const link = join(programsDir, `${entry.name}.conf`);
  // Replace atomically: supervisord may re-read the folder at any time.
  await rm(`${link}.new`, { force: true });
  await symlink(join(entry.storePath, programFile(entry.name)), `${link}.new`);
  await rename(`${link}.new`, link);
}

export async function unlinkProgram(programsDir: string, name: string): Promise<void> {
  await rm(join(programsDir, `${name}.conf`), { force: true });
}

/**
 * Where an instance's output goes: stdout_logfile of its program file in the store (an override
 * may have moved it), else the conventional file.
 */
export async function programLogFileOf(entry: ManifestInstance, logDir: string): Promise<string> {
  const text = await readFile(join(entry.storePath, programFile(entry.name)), 'utf8').catch(() => '');
  const match = /^stdout_logfile=(.*)$/m.exec(text);
  const conventional = programLogFile(logDir, entry.name);
  if (!match) return conventional;
  const path = match[1]!.replaceAll('%%', '%');
  // The conventional file written back must give the same line: otherwise the line is not a path we wrote.
  return iniValue(path) === match[1] ? path : conventional;
}
