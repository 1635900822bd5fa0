// The ports tests start servers on: never ones the kernel hands out by itself (to another test's
// listen(0), or to a connect() as its local port), and never one another test process holds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli.ts';
import { freePorts } from './free-port.ts';

const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number) as [number, number];

describe('free ports for tests', () => {
  it('are outside the ephemeral range, and no two test processes get the same one while both live', async () => {
    // Another test process takes 200 while this one holds its own 200.
    const mine = await freePorts(200);
    const script = `const { freePorts } = (await import(${JSON.stringify(fileURLToPath(new URL('./free-port.ts', import.meta.url)))})).default; console.log(JSON.stringify(await freePorts(200)));`;
    const theirs = JSON.parse(execFileSync(process.execPath, ['--import', 'jiti/register', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: repoRoot })) as number[];
    expect(new Set(mine).size).toBe(200);
    expect(new Set(theirs).size).toBe(200);
    expect(mine.filter((port) => theirs.includes(port))).toEqual([]);
    expect([...mine, ...theirs].filter((port) => port >= low && port <= high)).toEqual([]);
  });
});
