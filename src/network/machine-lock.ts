// Each machine is locked for the length of a deploy, so that two coordinators never deploy to it at
// once: a folder made with mkdir (atomic) in the ssh user's home, naming its owner. The owner is the
// coordinator's network deployment, whose own lock makes it exclusive there: a lock left by a killed
// deploy of the same network is taken over by its next deploy; anyone else's is an error.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../shell/quote.ts';
import { MachinesUnavailableError } from './capture-infra.ts';
import type { NetworkGenerations } from './network-record.ts';
import { runOnMachine, sshFailure } from './ssh.ts';
import type { Machines } from './types.ts';

const LOCK = '"$HOME/.procform-network.lock"';
const HELD_BY_OTHER = 5;

/** Locks every machine (in parallel); returns the release. Fails, releasing what it took, with one line per machine it could not lock. */
export async function lockMachines(machines: Machines, generations: NetworkGenerations): Promise<() => Promise<void>> {
  const owner = `${hostname()}:${join(generations.dir, generations.name)}`;
  const acquire = [
    `if mkdir ${LOCK} 2>/dev/null; then printf '%s\\n' ${shellQuote(owner)} > ${LOCK}/owner; exit 0; fi`,
    `held=$(cat ${LOCK}/owner 2>/dev/null)`,
    `[ "$held" = ${shellQuote(owner)} ] && exit 0`,
    `printf '%s' "$held"; exit ${HELD_BY_OTHER}`,
  ].join('\n');
  const release = `[ "$(cat ${LOCK}/owner 2>/dev/null)" = ${shellQuote(owner)} ] && rm -rf ${LOCK}; true`;
  const results = await Promise.all(
    Object.entries(machines).map(async ([name, machine]) => {
      const result = await runOnMachine(machine, acquire, { timeoutMs: 60_000 });
      const failure =
        sshFailure(result) ??
        (result.code === HELD_BY_OTHER
          ? `another deploy holds the machine (${result.stdout || 'unknown owner'}); if it is gone, remove ~/.procform-network.lock there`
          : result.code === 0
            ? undefined
            : `locking failed (exit ${result.code}): ${result.stderr.trim()}`);
      return { name, machine, failure };
    }),
  );
  const releaseAll = async (which: typeof results) => {
    await Promise.all(which.map(({ machine }) => runOnMachine(machine, release, { timeoutMs: 60_000 })));
  };
  const failures = results.filter((result) => result.failure !== undefined);
  if (failures.length > 0) {
    await releaseAll(results.filter((result) => result.failure === undefined));
    throw new MachinesUnavailableError(failures.map(({ name, failure }) => ({ machine: name, message: failure! })), 'locking the machines');
  }
  return () => releaseAll(results);
}
