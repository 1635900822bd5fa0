// An instance as a supervisord [program:x] section. The result is a plain object whose keys are
// supervisord's program options (what `overrides.supervisord` deep-merges into, as upstream), with
// values as supervisord should end up with them: `command` is an argv array (or a command line
// string), `environment` an object; render.ts does the quoting.
import { resolveExecutable } from '../../model/resolve-executable.ts';
import { InstanceError } from '../../errors.ts';
import type { LowerInput } from '../types.ts';
import type { LaunchPlan } from '../../runtime/launch-plan.ts';
import { planLaunch } from '../../runtime/launch-plan.ts';
import { MIN_UPTIME_MS, START_RETRIES } from '../../runtime/backoff.ts';
import { programLogFile } from './paths.ts';
import { supervisordAbilities } from './abilities.ts';
import type { WrapperTools } from '../../runtime/wrapper.ts';
import { wrapperScript } from '../../runtime/wrapper.ts';

export interface SupervisordProgram {
  command: string[] | string;
  priority: number;
  [option: string]: unknown;
}

/**
 * The foreground proxy and the timestamping wrapper kill a program that ignores the stop signal
 * themselves (supervisord's SIGKILL would not reach it); supervisord's SIGKILL comes this much later.
 */
export const PROXY_STOP_MARGIN_SECONDS = 2;

export function lowerProgram(input: LowerInput): SupervisordProgram {
  const { spec, ctx } = input;
  const plan = planLaunch(input, supervisordAbilities);
  const argv = [plan.command.executable, ...plan.command.args];
  const command = plan.needsWrapper
    ? [
        ctx.writeTextFile({
          name: `${spec.name}-supervisord-wrapper`,
          text: wrapperScript(spec, plan, wrapperTools(input, plan)),
          executable: true,
          // Environment values it exports are for the deploying user's eyes only.
          private: Object.keys(plan.exported).length > 0,
        }),
        ...(plan.argvInWrapper ? [] : argv),
      ]
    : argv;

  const { policy, backoff } = spec.restart;
  const stopSeconds = Math.ceil(spec.stop.timeoutMs / 1000);
  const rotate = spec.log.rotate;
  return {
    command,
    priority: priorityOf(spec.name, input),
    autostart: true,
    autorestart: policy === 'no' ? false : policy === 'always' ? true : 'unexpected',
    startsecs: startSeconds(input),
    startretries: policy === 'no' ? 0 : Math.min(START_RETRIES, backoff.maxRestarts),
    stopsignal: spec.stop.signal.replace(/^SIG/, ''),
    stopwaitsecs: plan.mode === 'daemon' || plan.timestamps ? stopSeconds + PROXY_STOP_MARGIN_SECONDS : stopSeconds,
    // Without these supervisord signals only the direct child, and its children outlive it.
    stopasgroup: true,
    killasgroup: true,
    ...(plan.user !== null && { user: plan.user }),
    ...(spec.directory !== null && { directory: spec.directory }),
    // supervisord's own umask is the log files' (base-config.ts); a program keeps the usual 022 unless it asks for another.
    umask: spec.umask ?? '022',
    environment: plan.environment,
    redirect_stderr: true,
    stdout_logfile: programLogFile(ctx.logDir, spec.name),
    stdout_logfile_maxbytes: rotate === null ? 0 : rotate.maxBytes,
    stdout_logfile_backups: rotate === null ? 0 : rotate.keep,
  };
}

/**
 * supervisord's startsecs is procform's MIN_UPTIME_MS (runtime/backoff.ts): a run counts as started
 * once it ran that long, and startretries (START_RETRIES) runs in a row that end sooner make it
 * FATAL. A run of startsecs also resets supervisord's retry count, as our resetAfter does, but a
 * program is STARTING (not RUNNING) until then, so the model's default of 60 s would show every
 * healthy program as starting for a minute; only an explicit resetAfter is used. A policy of "no"
 * must not be retried: RUNNING at once, and the driver waits MIN_UPTIME_MS itself (wait-started.ts).
 */
function startSeconds({ spec, params }: LowerInput): number {
  if (spec.restart.policy === 'no') return 0;
  const explicit = typeof params.restart === 'object' && params.restart.backoff?.resetAfter !== undefined;
  return explicit ? Math.ceil(spec.restart.backoff.resetAfterMs / 1000) : MIN_UPTIME_MS / 1000;
}

/** Upstream's rule: 1 without dependencies, else one more than the highest of theirs. */
function priorityOf(name: string, input: LowerInput, known = new Map<string, number>()): number {
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  const dependencies = input.processes.get(name)?.dependencies ?? [];
  const priority = 1 + Math.max(0, ...dependencies.map((dependency) => priorityOf(dependency, input, known)));
  known.set(name, priority);
  return priority;
}

function wrapperTools({ spec, ctx }: LowerInput, plan: LaunchPlan): WrapperTools {
  const find = (name: string, needed: boolean): string => {
    if (!needed) return name;
    const found = resolveExecutable(name, ctx.target);
    if (!found.ok) {
      throw new InstanceError({ instance: spec.instance, message: `the supervisord wrapper needs ${name}: ${found.message}` }, { hint: 'Install util-linux and coreutils.' });
    }
    return found.path;
  };
  const dropping = plan.dropPrivilegesTo !== null;
  return { setpriv: find('setpriv', dropping), id: find('id', dropping), nice: find('nice', plan.nice !== null), procformRuntime: () => ctx.target.procformRuntime() };
}
