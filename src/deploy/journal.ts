// A switch writes what it is about to do before doing it, and removes the note when done. A note
// still there means the last switch was interrupted; the next one repairs it (see planSwitch).
// Only a missing note means "no interrupted switch": a note that cannot be read is an error, since
// guessing "none" would leave the interrupted switch's instances running unrepaired.
import { rm } from 'node:fs/promises';
import { absolutePath, looseObject, nullable } from '../fs/light-schema.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFile } from '../fs/state-file.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';

export interface SwitchJournal {
  formatVersion: 1;
  /** The profile that was current when the switch began (null: none). */
  from: string | null;
  /** The profile it was switching to. */
  to: string;
}

const journalFormat: StateFileFormat<SwitchJournal> = {
  what: 'the switch journal',
  versions: [1],
  // Journals from before format versions were written have the same shape.
  versionWhenMissing: 1,
  // Light schemas, not zod: `procform status` reads the journal and must not pay for loading zod.
  schema: looseObject<SwitchJournal>({ from: nullable(absolutePath()), to: absolutePath() }),
  repair:
    'It names the profile an unfinished switch was deploying. If you know no switch was interrupted, remove the file; otherwise put back {"formatVersion":1,"from":<previous profile or null>,"to":<profile>} and run `procform switch` to repair.',
};

/** The interrupted switch's note, or null when there is none (the file does not exist). */
export async function readJournal(path: string): Promise<SwitchJournal | null> {
  const journal = await readStateFile(path, journalFormat);
  return journal && { formatVersion: 1, from: journal.from, to: journal.to };
}

/** Written atomically (and flushed), so that a crash leaves the old note or the new one, never half of it. */
export async function writeJournal(path: string, journal: Omit<SwitchJournal, 'formatVersion'>): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ formatVersion: 1, ...journal })}\n`);
}

export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
