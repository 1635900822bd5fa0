import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createManagedProcess } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { packageRoot } from '../src/package-root.ts';
import { shellCommand } from '../src/shell/quote.ts';

export type WebappMode = 'foreground' | 'daemon' | 'automatic';

export interface WebappParams {
  port: number;
  instanceSuffix?: string;
  instanceName?: string;
  /** foreground: only a foreground process; daemon: only a daemon (-D); automatic: both, the process manager picks. */
  mode?: WebappMode;
}

/** procform-webapp, the seed's test service: a web page saying which port it listens on. */
export function webapp(ctx: ProcessContext): (params: WebappParams) => ManagedProcess {
  // The webapp's code goes into the store, as a Nix package would: readable by the webapp's own user
  // wherever procform was installed (a checkout under /root is not), and pinned with the Node binary.
  const built = readFileSync(join(packageRoot(), 'dist/src/webapp/main.js'), 'utf8');
  // Without its source map comment: the map stays behind in dist/.
  const code = ctx.writeTextFile({ name: 'procform-webapp.mjs', text: built.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') });
  const program = ctx.writeScript('procform-webapp', `#!/bin/sh\nexec ${shellCommand([ctx.target.procformRuntime().node, code])} "$@"\n`);
  return ({ port, instanceSuffix = '', instanceName = `webapp${instanceSuffix}`, mode = 'automatic' }) =>
    createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Simple web application',
      ...(mode === 'foreground' && { foregroundProcess: program }),
      ...(mode === 'daemon' && { daemon: program, daemonArgs: ['-D'] }),
      ...(mode === 'automatic' && { process: program, daemonArgs: ['-D'] }),
      environment: {
        PORT: port,
        // The process changes user, so (by upstream's convention) its PID file lives in tmpDir.
        PID_FILE: `${ctx.tmpDir}/${instanceName}.pid`,
      },
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'Webapp' } },
      },
      ports: [port],
      readiness: { kind: 'tcp', port },
    });
}
