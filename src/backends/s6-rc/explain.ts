// `procform build -P s6-rc --explain`: what s6 and s6-rc do themselves (native), what procform's
// generated scripts and shared runtime add (emulated), and what nobody does (dropped). Read from the
// final definitions, so that overrides (a removed notification-fd, another down-signal) show.
import { describeReadiness } from '../../readiness/describe.ts';
import { explainStartScript } from '../../runtime/service-dir/explain-run-script.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { S6RcParams } from './lower.ts';
import { daemonLogFile, longrunLogDir, serviceNames } from './paths.ts';

export function explainS6Rc(params: S6RcParams, { spec, ctx }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const names = serviceNames(spec.name);
  const longrun = params.services[names.srv];
  const oneshot = params.services[spec.name];
  const definition = longrun ?? oneshot ?? {};
  const value = (key: string) => definition[key];

  if (longrun) add('mode', 'native', `foreground: the longrun ${names.srv}, which s6-supervise runs and watches, piped to its logger ${names.log}`);
  else add('mode', 'native', `daemon: the oneshot ${spec.name}; its up starts the daemon and waits for ${spec.pidFile}, its down stops the PID it names`);

  add('ordering', 'native', spec.dependencies.length === 0 ? 'no dependencies' : `dependencies: s6-rc starts it once ${spec.dependencies.join(', ')} ${spec.dependencies.length === 1 ? 'is' : 'are'} up, and stops it first`);

  if (spec.readiness === null) add('readiness', 'native', longrun ? 'up once s6-supervise has started it' : 'up once its up script ends, the daemon having written its PID file');
  else if (longrun && value('notification-fd') !== undefined && value('notification-fd') !== null) {
    add('readiness', 'emulated', `s6 has no probes: the run script checks ${describeReadiness(spec.readiness)} in the background and writes to notification-fd ${String(value('notification-fd'))}; s6-rc waits for it before dependents start and before switch returns`);
  } else if (longrun) add('readiness', 'dropped', 'the notification-fd file was removed: s6-rc counts it up once it runs');
  else add('readiness', 'emulated', `the up script waits for ${describeReadiness(spec.readiness)}; s6-rc waits for the up script`);

  const { policy, backoff } = spec.restart;
  if (!longrun) {
    add('restart', 'dropped', 'a oneshot is not supervised: a daemon that dies stays down until the next switch starts it again');
  } else {
    add(
      'restart',
      policy === 'always' ? 'native' : 'emulated',
      policy === 'always'
        ? 's6-supervise restarts it whenever it ends'
        : `s6-supervise restarts it whenever it ends; its finish script exits 125 (no restart) ${policy === 'no' ? 'always' : 'after a successful exit'}`,
    );
    if (policy !== 'no') {
      add('backoff', 'emulated', `the finish script (restart-gate) waits ${backoff.initialMs} ms × ${backoff.multiplier}^n up to ${backoff.maxMs} ms before each restart; after ${backoff.maxRestarts} restarts without a run of ${backoff.resetAfterMs} ms it stays down (s6-supervise alone restarts at once, at most once a second)`);
    }
  }

  if (longrun) {
    const timestamps = spec.log.timestamps;
    add(
      'stop',
      timestamps ? 'emulated' : 'native',
      `down-signal ${String(value('down-signal') ?? 'SIGTERM')}, SIGKILL after timeout-kill ${String(value('timeout-kill') ?? 'never')} ms` +
        (timestamps ? '; timestamp-lines passes the signal on to the program\'s own process group and kills it after the stop timeout' : '') +
        '; the finish script kills what is left of its process group',
    );
  } else {
    add('stop', 'emulated', `the down script sends ${spec.stop.signal} to the PID in ${spec.pidFile}, SIGKILL to its process group after ${spec.stop.timeoutMs} ms`);
  }

  capabilities.push(...explainStartScript(spec, longrun ? 'the run script' : 'the up script', 's6-rc'));

  if (longrun) {
    const logDir = longrunLogDir(ctx, spec.name);
    add('logs', 'native', `stdout and stderr through the pipeline to s6-log (${names.log}), into ${logDir}/current`);
    if (spec.log.timestamps) add('log timestamps', 'emulated', 's6-log\'s own stamps are not ISO 8601 with a T: the run script runs the program through timestamp-lines');
    if (spec.log.rotate !== null) add('log rotation', 'native', `s6-log rotates ${logDir}/current at ${spec.log.rotate.maxBytes} bytes (at least 4096), keeping ${spec.log.rotate.keep} rotated files`);
  } else {
    add('logs', 'native', `the up script appends what the daemon prints before it detaches to ${daemonLogFile(ctx, spec.name)}`);
    if (spec.log.timestamps) add('log timestamps', 'dropped', 'a daemon\'s output is its own business');
    if (spec.log.rotate !== null) add('log rotation', 'dropped', 'the file only holds what the daemon prints before it detaches');
  }
  return capabilities;
}
