// The floor: a Node process that spawns the children and holds them, nothing else.
//   node floor-spawn.mjs PORT...        one busybox httpd per port
//   node floor-spawn.mjs --burst CMD F  one sh -c CMD writing straight to file F
// SIGTERM stops every child group, then exits.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const args = process.argv.slice(2);
const children = [];
if (args[0] === '--burst') {
  const fd = openSync(args[2], 'a');
  children.push(spawn('/bin/sh', ['-c', args[1]], { detached: true, stdio: ['ignore', fd, fd] }));
} else {
  for (const port of args) {
    children.push(spawn('/usr/bin/busybox', ['httpd', '-f', '-p', `127.0.0.1:${port}`], { detached: true, stdio: 'ignore' }));
  }
}
process.on('SIGTERM', () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Gone.
    }
  }
  process.exit(0);
});
setInterval(() => {}, 60_000);
