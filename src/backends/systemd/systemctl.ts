// Talking to a systemd manager: `systemctl [--user] …`, with the checks that make a missing
// manager a clear error instead of a D-Bus message.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ProcformError } from '../../errors.ts';
import type { ManagerScope } from './scope.ts';

/** A systemctl call that failed: the command, its exit code and what it said. */
export class SystemctlError extends ProcformError {
  readonly command: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(command: readonly string[], exitCode: number | null, stderr: string, hint?: string) {
    super(`${command.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no message'}`, { hint });
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** systemd is not there to deploy to. */
export class NoSystemdManagerError extends ProcformError {}

export interface Systemctl {
  scope: ManagerScope;
  /** Runs systemctl with these arguments; throws SystemctlError when it fails. */
  run(args: readonly string[]): Promise<string>;
}

/**
 * The manager of `scope`, once we know it runs. The system manager runs when /run/systemd/system
 * exists (sd_booted(3)); a user manager when its private socket does. Neither is ever created
 * here: on a machine whose init is not systemd, that folder would switch every init script over
 * to systemctl.
 */
export function connectManager(scope: ManagerScope, env: NodeJS.ProcessEnv = process.env): Systemctl {
  const childEnv: NodeJS.ProcessEnv = { ...env, SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' };
  if (scope === 'system') {
    if (!existsSync('/run/systemd/system')) {
      throw new NoSystemdManagerError('systemd is not the init system here (/run/systemd/system does not exist)', {
        hint: 'Deploy with another process manager (-P builtin, supervisord, …), or on a machine booted with systemd.',
      });
    }
  } else {
    const uid = process.getuid?.() ?? 0;
    childEnv.XDG_RUNTIME_DIR = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
    if (!existsSync(`${childEnv.XDG_RUNTIME_DIR}/systemd/private`)) {
      throw new NoSystemdManagerError(`no systemd user manager runs for this user (${childEnv.XDG_RUNTIME_DIR}/systemd/private does not exist)`, {
        hint: 'Log in (a login session starts it), or `loginctl enable-linger` so that it runs without one; check XDG_RUNTIME_DIR.',
      });
    }
  }
  const base = ['systemctl', ...(scope === 'user' ? ['--user'] : []), '--no-ask-password'];
  return {
    scope,
    run: (args) =>
      new Promise((resolve, reject) => {
        execFile(base[0]!, [...base.slice(1), ...args], { env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error) reject(new SystemctlError([...base, ...args], typeof error.code === 'number' ? error.code : null, stderr || error.message));
          else resolve(stdout);
        });
      }),
  };
}
