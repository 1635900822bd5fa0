// Readiness gating. systemd orders units on "started", and a Type=exec unit counts as started as
// soon as its program runs. An ExecStartPost= that blocks until the instance's own readiness check
// passes moves that moment to "ready": the unit stays "activating" until then, `systemctl start`
// returns only then, and every unit ordered After= it waits. Chosen over Type=notify with a
// notifier process because it keeps the program as the unit's main process, needs no sd_notify
// race handling (a notifier that exits before systemd reads its message is not attributed to the
// unit), and works the same for forking daemons.
import type { ProcessSpec } from '../../model/types.ts';
import { waitReadyCommand } from '../../readiness/wait-ready-command.ts';
import type { BuildTarget } from '../../target/build-target.ts';
import { logMarkFile } from './log-mark-file.ts';

// The start also runs ExecStartPre= (initialize) first.
const startTimeoutMarginMs = 30_000;

export interface ReadinessCommands {
  /** ExecStartPre= commands preparing the check, as argv. */
  prepare: string[][];
  /** The ExecStartPost= command that blocks until ready, as argv; null when ready once started. */
  wait: string[] | null;
  /** TimeoutStartSec= in milliseconds: longer than the wait, so the wait's own message explains a failure. */
  startTimeoutMs: number | null;
}

export function readinessCommands(spec: ProcessSpec, logFile: string, runtimeDir: string, target: BuildTarget): ReadinessCommands {
  const readiness = spec.readiness;
  if (readiness === null) return { prepare: [], wait: null, startTimeoutMs: null };
  const startTimeoutMs = readiness.timeoutMs + startTimeoutMarginMs;
  if (readiness.kind !== 'log') return { prepare: [], wait: waitReadyCommand(target.procformRuntime(), [{ spec: readiness }]), startTimeoutMs };
  // The log file is appended to across runs: note where this run starts, so that only its lines count.
  const mark = logMarkFile(runtimeDir, spec.name);
  return {
    // The folder may be a tmpfs that a reboot emptied: switch created it, systemd starts units at boot too.
    prepare: [['/bin/sh', '-c', 'mkdir -p "${2%/*}" && { stat -c %s "$1" >"$2" 2>/dev/null || echo 0 >"$2"; }', 'mark-log', logFile, mark]],
    wait: waitReadyCommand(target.procformRuntime(), [{ spec: readiness, logFile, logOffsetFile: mark }]),
    startTimeoutMs,
  };
}
