// What `nix-copy-closure` does, over the machine's ssh connection: ask the machine which of the
// store entries its profiles need it has already, and send only the others. The machine writes them
// with `procform receive-store`, which checks that each entry's path is the hash of its content.
import { shellCommand } from '../shell/quote.ts';
import type { StoreEntry } from '../store/store-entry.ts';
import { runOnMachine, sshFailure } from './ssh.ts';
import type { Machine } from './types.ts';

export interface ClosureCopy {
  sent: number;
  present: number;
}

/** Copies the entries the machine lacks; a string says why it failed. */
export async function copyClosure(machine: Machine, storeDir: string, entries: ReadonlyMap<string, StoreEntry>): Promise<ClosureCopy | string> {
  const paths = [...entries.keys()].sort();
  const asked = await runOnMachine(machine, `while IFS= read -r path; do [ -e "$path" ] || printf '%s\\n' "$path"; done`, { input: paths.map((path) => `${path}\n`).join('') });
  const failure = sshFailure(asked) ?? (asked.code === 0 ? undefined : `asking for its store entries failed (exit ${asked.code}): ${asked.stderr.trim()}`);
  if (failure !== undefined) return failure;
  const missing = asked.stdout.split('\n').filter((path) => entries.has(path));
  if (missing.length === 0) return { sent: 0, present: paths.length };
  const stream = missing.map((path) => `${JSON.stringify({ path, entry: entries.get(path) })}\n`).join('');
  const sent = await runOnMachine(machine, shellCommand([machine.procform ?? 'procform', 'receive-store', '--store-dir', storeDir]), { input: stream });
  const sendFailure = sshFailure(sent) ?? (sent.code === 0 ? undefined : `sending ${missing.length} store entries failed (exit ${sent.code}): ${sent.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return sendFailure ?? { sent: missing.length, present: paths.length - missing.length };
}
