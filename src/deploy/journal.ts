// A switch writes what it is about to do before doing it, and removes the note when done. A note
// still there means the last switch was interrupted; the next one repairs it (see planSwitch).
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

export interface SwitchJournal {
  from: string | null;
  to: string;
}

export async function readJournal(path: string): Promise<SwitchJournal | null> {
  return readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as SwitchJournal,
    () => null,
  );
}

export async function writeJournal(path: string, journal: SwitchJournal): Promise<void> {
  await writeFile(`${path}.tmp`, `${JSON.stringify(journal)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
