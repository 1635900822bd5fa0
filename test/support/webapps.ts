// The webapps example (examples/webapps) copied for a test, with IDs files giving every instance a
// free port of its own, so that tests can run side by side.
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.ts';
import { cleanUpAfterTest } from './deployment-processes.ts';
import { freePorts } from './free-port.ts';
import { tempDir } from './temp-dir.ts';

export interface WebappsCopy {
  dir: string;
  /** processes.ts and processes-advanced.ts in `dir`. */
  model: string;
  advanced: string;
  /** processes.ts's ports. */
  ports: { webapp: number; nginx: number };
  /** processes-advanced.ts's: webapp1 … webapp6, nginx and nginx2. */
  advancedPorts: Record<string, number>;
}

const advancedNames = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6', 'nginx', 'nginx2'];

/**
 * The example in `dir`, with ids.json and processes-advanced.ids.json. User and group IDs are left
 * to useradd: the two models' fixed ones overlap (webapp and webapp1 share 2000).
 */
export async function copyWebapps(dir: string): Promise<WebappsCopy> {
  mkdirSync(dir, { recursive: true });
  cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
  const [webapp, nginx, ...rest] = await freePorts(2 + advancedNames.length);
  const advancedPorts = Object.fromEntries(advancedNames.map((name, index) => [name, rest[index]!]));
  writeIds(join(dir, 'ids.json'), { webappPorts: { webapp: webapp! }, nginxPorts: { nginx: nginx! } });
  writeAdvancedIds(dir, advancedPorts);
  return { dir, model: join(dir, 'processes.ts'), advanced: join(dir, 'processes-advanced.ts'), ports: { webapp: webapp!, nginx: nginx! }, advancedPorts };
}

export interface WebappsCopyWithState extends WebappsCopy {
  stateDir: string;
}

/**
 * The example in a temp folder, with a state folder in it; whatever still runs from that state
 * folder after the test is killed, by PID.
 */
export async function copyWebappsWithState(): Promise<WebappsCopyWithState> {
  const dir = tempDir('procform-webapps-');
  // nginx started by root without a `user` directive runs its workers as nobody: they must read the store.
  chmodSync(dir, 0o755);
  const copy = await copyWebapps(dir);
  const stateDir = join(dir, 'state');
  cleanUpAfterTest(stateDir);
  return { ...copy, stateDir };
}

/** processes-advanced.ids.json with these ports (named as in WebappsCopy.advancedPorts). */
export function writeAdvancedIds(dir: string, ports: Record<string, number>): void {
  writeIds(join(dir, 'processes-advanced.ids.json'), {
    webappPorts: Object.fromEntries(advancedNames.filter((name) => name.startsWith('webapp')).map((name) => [name, ports[name]!])),
    nginxPorts: { nginx: ports.nginx!, nginx2: ports.nginx2! },
  });
}

/** An IDs file as `procform ids assign` writes it: the IDs, and the last one assigned per pool. */
export function writeIds(file: string, ids: Record<string, Record<string, number>>): void {
  const lastAssignments = Object.fromEntries(Object.entries(ids).map(([pool, assigned]) => [pool, Math.max(...Object.values(assigned))]));
  writeFileSync(file, JSON.stringify({ ids, lastAssignments }, null, 2));
}
