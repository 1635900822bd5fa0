import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ManifestInstance } from '../../src/build/manifest.ts';
import { checkPortsAvailable, findPortConflicts, PortsInUseError } from '../../src/ports/check-ports-available.ts';
import { listeningTcpPorts } from '../../src/ports/listening-ports.ts';
import type { ProcessSpec } from '../../src/model/types.ts';
import { freePort } from '../support/free-port.ts';

const instance = (name: string, ports: number[]): ManifestInstance =>
  ({ instance: name, name, storePath: `/store/${name}`, dependencies: [], spec: { instance: name, ports } as ProcessSpec }) as ManifestInstance;

/** A real listener in another process, so that the holder found through /proc is not the test itself. */
async function listenElsewhere(host: string): Promise<{ port: number; pid: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '${host}', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`listener exited ${code}`)));
  });
  return { port, pid: child.pid! };
}

describe('ports in use on the machine', () => {
  it('finds IPv4 and IPv6 listeners and the processes holding them', async () => {
    const v4 = await listenElsewhere('127.0.0.1');
    const v6 = await listenElsewhere('::1');
    const listeners = listeningTcpPorts();
    expect(listeners.get(v4.port)).toEqual([expect.objectContaining({ address: '127.0.0.1', holders: [{ pid: v4.pid, command: 'node' }] })]);
    expect(listeners.get(v6.port)).toEqual([expect.objectContaining({ address: '::1', holders: [{ pid: v6.pid, command: 'node' }] })]);
  });

  it('tells which instance claims which busy port and who holds it, before anything is stopped', async () => {
    const busy = await listenElsewhere('0.0.0.0');
    const free = await freePort();
    const start = [instance('web', [busy.port]), instance('api', [free])];
    expect(findPortConflicts({ start, stop: [] })).toEqual([{ instance: 'web', port: busy.port, holders: [{ pid: busy.pid, command: 'node' }] }]);
    expect(() => checkPortsAvailable({ start, stop: [] })).toThrow(PortsInUseError);
    expect(() => checkPortsAvailable({ start, stop: [] })).toThrow(`instance "web" claims TCP port ${busy.port}, which node (pid ${busy.pid}) is listening on`);
  });

  it('does not count ports that instances being stopped first hold', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      server.close();
    });
    const port = (server.address() as { port: number }).port;
    expect(findPortConflicts({ start: [instance('web', [port])], stop: [instance('web', [port])] })).toEqual([]);
    expect(findPortConflicts({ start: [instance('web2', [port])], stop: [instance('web', [port])] })).toEqual([]);
  });
});
