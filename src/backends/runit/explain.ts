// `procform build -P runit --explain`: what runsv and sv do themselves (native), what procform's
// generated scripts and its switch add (emulated), and what nobody does (dropped). Read from the
// final files, so that overrides (a removed check, another control/t) show.
import { describeReadiness } from '../../readiness/describe.ts';
import { explainStartScript } from '../../runtime/service-dir/explain-run-script.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { RunitParams } from './lower.ts';
import { svlogdDir } from './paths.ts';

export function explainRunit(params: RunitParams, { spec, ctx }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const has = (file: string) => params.files[file] !== undefined && params.files[file] !== null && params.files[file] !== false;
  const daemon = spec.foreground === null;

  if (daemon) add('mode', 'emulated', `only a daemon: run starts it behind the foreground proxy, which follows ${spec.pidFile}, forwards signals and lives as long as it does`);
  else add('mode', 'native', 'foreground: runsv runs ./run, which execs it');

  if (spec.dependencies.length === 0) add('ordering', 'native', 'no dependencies');
  else {
    add('ordering', 'emulated', `runit has no dependencies: procform's switch starts it (sv -w up) once ${spec.dependencies.join(', ')} ${spec.dependencies.length === 1 ? 'is' : 'are'} ready and stops it first; when runsv restarts it, run waits for their readiness checks`);
  }
  if (spec.readiness === null) add('readiness', 'native', 'up once runsv runs it');
  else if (has('check')) add('readiness', 'emulated', `./check runs procform's ${describeReadiness(spec.readiness)} check; sv -w up (and so switch) waits until it passes`);
  else add('readiness', 'dropped', 'the check file was removed: up once runsv runs it');

  const { policy, backoff } = spec.restart;
  add(
    'restart',
    policy === 'always' ? 'native' : 'emulated',
    policy === 'always' ? 'runsv restarts it whenever it ends' : `runsv restarts it whenever it ends; its finish script runs sv down ${policy === 'no' ? 'always' : 'after a successful exit'}`,
  );
  if (policy !== 'no') {
    add('backoff', 'emulated', `the finish script (restart-gate) waits ${backoff.initialMs} ms × ${backoff.multiplier}^n up to ${backoff.maxMs} ms before each restart; after ${backoff.maxRestarts} restarts without a run of ${backoff.resetAfterMs} ms it stays down (runsv alone restarts at once, at most once a second)`);
  }

  const wrapped = daemon || (spec.log.timestamps && !daemon);
  const signal = has('control/t') ? `control/t sends ${spec.stop.signal}` : 'runsv sends SIGTERM';
  add(
    'stop',
    wrapped || has('control/t') ? 'emulated' : 'native',
    `${signal}; procform's sv -w force-stop sends SIGKILL after ${Math.ceil(spec.stop.timeoutMs / 1000)} s` +
      (daemon ? '; the foreground proxy forwards the signal to the daemon and kills its process group after the stop timeout' : '') +
      (spec.log.timestamps && !daemon ? '; timestamp-lines passes the signal on to the program\'s own process group and kills it after the stop timeout' : '') +
      '; the finish script kills what is left of its process group',
  );
  capabilities.push(...explainStartScript(spec, 'the run script', 'runit'));

  const logDir = svlogdDir(ctx, spec.name);
  add('logs', 'native', `stdout and stderr through runsv's pipe to svlogd (log/run), into ${logDir}/current${daemon ? ' (a daemon: what it prints before it detaches, and the proxy\'s messages)' : ''}`);
  if (spec.log.timestamps) {
    if (daemon) add('log timestamps', 'dropped', 'a daemon\'s output is its own business');
    else add('log timestamps', 'emulated', 'svlogd\'s own stamps are not ISO 8601: the run script runs the program through timestamp-lines');
  }
  if (spec.log.rotate !== null) add('log rotation', 'native', `svlogd rotates ${logDir}/current at ${Math.max(4096, spec.log.rotate.maxBytes)} bytes, keeping ${spec.log.rotate.keep} rotated files`);
  return capabilities;
}
