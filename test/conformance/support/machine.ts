// One machine per backend and profile for the conformance suite: a sandbox (with systemd as PID 1
// when the backend's descriptor asks for it), a host folder shared into it for the service's
// events and the deployment's state, and procform's real command line run inside as the
// profile's user (root, or the sandbox's `unprivileged`).
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../../../src/sandbox/index.ts';
import type { Sandbox, SandboxExecResult } from '../../../src/sandbox/index.ts';
import { testManager } from '../../../src/testing/managers.ts';
import type { TestProfile } from '../../../src/testing/types.ts';
import { cliPath } from '../../support/cli.ts';

export interface Deployment {
  /** Host folder, shared into the machine at the same path. */
  dir: string;
  /** Where the service writes events.jsonl: writable by every instance's user. */
  events: string;
  /** The deployment's --state-dir, owned by the profile's user. */
  state: string;
}

export interface ConformanceMachine {
  backend: string;
  profile: TestProfile;
  sandbox: Sandbox;
  /** A fresh deployment folder, shared into the machine (the suite's main deployment is the first). */
  deployment(label: string): Deployment;
  /** procform's command line inside the machine, as the profile's user. */
  procform(args: readonly string[], options?: { timeoutMs?: number }): Promise<SandboxExecResult>;
  destroy(): Promise<void>;
}

export async function startMachine(backend: string, profile: TestProfile): Promise<ConformanceMachine> {
  // Short: supervisord's socket lies below it, and Unix socket paths end at 107 bytes.
  const root = mkdtempSync(join(tmpdir(), 'procform-cf-'));
  // Instances run as other users (privileged), who must reach the service and the store below it.
  chmodSync(root, 0o755);
  const sandbox = await createSandbox({ profile, init: testManager(backend).init, name: `cf-${backend}-${profile[0]}`, binds: [{ source: root }] });
  const owner = sandbox.account ?? { uid: 0, gid: 0 };
  return {
    backend,
    profile,
    sandbox,
    deployment(label) {
      const dir = join(root, label);
      const events = join(dir, 'events');
      const state = join(dir, 'state');
      mkdirSync(events, { recursive: true });
      mkdirSync(state);
      chmodSync(dir, 0o755);
      chmodSync(events, 0o777);
      writeFileSync(join(events, 'events.jsonl'), '', { mode: 0o666 });
      chmodSync(join(events, 'events.jsonl'), 0o666);
      chownSync(state, owner.uid, owner.gid);
      return { dir, events, state };
    },
    procform: (args, options = {}) =>
      sandbox.exec([process.execPath, cliPath, ...args], { env: { NO_COLOR: '1' }, timeoutMs: options.timeoutMs ?? 120_000 }),
    async destroy() {
      try {
        await sandbox.destroy();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
