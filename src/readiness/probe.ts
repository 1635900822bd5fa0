// One readiness (or liveness) check, of any kind. Dependency-free (only Node's own modules), because wrapper
// scripts of every backend run it through wait-ready-main.ts, outside procform's process, and the
// builtin supervisor runs it for every instance it starts. One file per kind of probe beside this one.
import type { ProbeSpec } from '../model/types.ts';
import { probeExec } from './exec.ts';
import { probeFile } from './file.ts';
import type { LineMatcher } from './log-line.ts';
import { probeTcp } from './tcp.ts';

export type ProbeResult = { ready: true } | { ready: false; reason: string };

export const ready: ProbeResult = { ready: true };

export function notReady(reason: string): ProbeResult {
  return { ready: false, reason };
}

export interface ProbeContext {
  /** The instance's output so far, for `log` readiness (a log file, or what a supervisor captured). */
  output?: () => Promise<string>;
  /** For `log` readiness: a matcher fed with the output as it arrives (the builtin supervisor's way). */
  lines?: LineMatcher;
  /** Environment of `exec` probes (the instance's). */
  env?: NodeJS.ProcessEnv;
}

/** Checks once; each attempt is bounded by `attemptMs` so a hanging peer cannot stall the waiter. */
export async function probeOnce(spec: ProbeSpec, context: ProbeContext = {}, attemptMs = 5000): Promise<ProbeResult> {
  switch (spec.kind) {
    case 'tcp':
      return probeTcp(spec.host, spec.port, attemptMs);
    case 'http': {
      // Loaded on first use: node:https brings TLS, megabytes a supervisor should not carry for nothing.
      const { probeHttp } = await import('./http.ts');
      return probeHttp(spec.url, spec.status, attemptMs);
    }
    case 'exec':
      return probeExec(spec.command, attemptMs, context.env);
    case 'file':
      return probeFile(spec.path);
    case 'log': {
      if (context.lines) return context.lines.matched ? ready : notReady(`no output line matches /${spec.pattern}/ yet`);
      const text = context.output ? await context.output() : '';
      return new RegExp(spec.pattern, 'm').test(text) ? ready : notReady(`no output line matches /${spec.pattern}/ yet`);
    }
  }
}
