import { readFile } from 'node:fs/promises';

/**
 * The one child of a process, or null: the program a wrapper runs as its only child (timestamp-lines),
 * whose PID status must give rather than the wrapper's.
 */
export async function onlyChild(pid: number): Promise<number | null> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(' ').filter(Boolean);
  return children.length === 1 ? Number(children[0]) : null;
}
