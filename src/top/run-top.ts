import { hostname } from 'node:os';
import type { Colors } from '../cli/format-status.ts';
import { currentProfile, NothingDeployedError, nothingDeployed } from '../deploy/current-profile.ts';
import type { Deployment } from '../deploy/deployment.ts';
import { formatEvent } from '../deploy/format-event.ts';
import type { DeployedProfile } from '../deploy/types.ts';
import type { InstanceAction } from '../live/instance-actions.ts';
import { runInstanceAction } from '../live/instance-actions.ts';
import type { InstanceRow } from '../live/instance-rows.ts';
import { collectInstanceRows } from '../live/instance-rows.ts';
import { followLog, logTail } from '../live/log-tail.ts';
import { createUsageSampler } from '../live/process-usage.ts';
import type { Key } from './keys.ts';
import { parseKeys } from './keys.ts';
import type { Screen } from './screen.ts';
import { enterScreen } from './screen.ts';
import { renderTopFrame } from './top-frame.ts';

export interface TopOptions {
  intervalMs: number;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  colors: Colors;
}

const keptFollowedLines = 2000;
const actionKeys: Record<string, InstanceAction> = { r: 'restart', s: 'start', x: 'stop' };
const pastTense: Record<InstanceAction, string> = { restart: 'restarted', start: 'started', stop: 'stopped' };

/**
 * `procform top`: redraws the deployment's instances every interval and acts on keys until q,
 * Ctrl-C, or a signal (SIGINT, SIGTERM, SIGHUP when an SSH session drops); the terminal is given
 * back as it was in every case, also when drawing fails. An action in progress is finished before
 * it exits, so that no switch is left half done.
 */
export async function runTop(deployment: Deployment, options: TopOptions): Promise<void> {
  const { input, output } = options;
  const sample = createUsageSampler();
  let profile: DeployedProfile | null = null;
  let rows: InstanceRow[] = [];
  let selectedInstance: string | null = null;
  let logLines: string[] = [];
  let following: AbortController | null = null;
  let message: { text: string; error: boolean } | null = null;
  let action: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let drawTimer: NodeJS.Timeout | undefined;
  let quit: () => void = () => {};
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  let stopped = false;

  const selectedIndex = () => Math.max(0, rows.findIndex((row) => row.instance === selectedInstance));
  const title = () => {
    const manager = profile ? `${profile.manifest.processManager} ` : '';
    return `procform top  ${manager}on ${hostname()}  ${deployment.dirs.stateDir} (${deployment.profiles.name})  ${new Date().toTimeString().slice(0, 8)}`;
  };

  let screen: Screen | null = null;
  const draw = () => {
    if (stopped || !screen) return;
    const view = { title: title(), rows, selected: selectedIndex(), log: { instance: selectedInstance, lines: logLines, following: following !== null }, message, now: Date.now() };
    screen.draw(renderTopFrame(view, { columns: output.columns ?? 80, rows: output.rows ?? 24 }, options.colors));
  };
  // Followed lines can come by the thousand: one frame for all that came within a few milliseconds.
  const drawSoon = () => {
    drawTimer ??= setTimeout(() => {
      drawTimer = undefined;
      draw();
    }, 30);
  };
  const logRoom = () => Math.max(1, (output.rows ?? 24) - 3);

  const refreshLog = async () => {
    if (following || profile === null || selectedInstance === null) return;
    const instance = selectedInstance;
    const lines = await logTail(profile, instance, logRoom()).catch((error: unknown) => [`(cannot read the log: ${(error as Error).message})`]);
    if (instance === selectedInstance && !following) logLines = lines;
  };

  const refresh = async () => {
    try {
      profile = await currentProfile(deployment);
      rows = await collectInstanceRows(profile, sample);
      if (message?.text.startsWith('nothing is deployed')) message = null;
    } catch (error) {
      if (!(error instanceof NothingDeployedError)) throw error;
      profile = null;
      rows = [];
      message = { text: nothingDeployed(deployment), error: false };
    }
    if (!rows.some((row) => row.instance === selectedInstance)) selectedInstance = rows[0]?.instance ?? null;
    await refreshLog();
    draw();
  };

  const loop = async () => {
    try {
      await refresh();
    } catch (error) {
      message = { text: (error as Error).message, error: true };
      draw();
    }
    if (!stopped) timer = setTimeout(() => void loop(), options.intervalMs);
  };

  const stopFollowing = () => {
    following?.abort();
    following = null;
  };
  const startFollowing = () => {
    if (profile === null || selectedInstance === null) return;
    const controller = new AbortController();
    following = controller;
    logLines = [];
    followLog(profile, selectedInstance, logRoom(), controller.signal, (line) => {
      if (following !== controller) return;
      logLines.push(line);
      if (logLines.length > keptFollowedLines) logLines.splice(0, logLines.length - keptFollowedLines);
      drawSoon();
    }).catch((error: unknown) => {
      if (following === controller) message = { text: `cannot follow the log: ${(error as Error).message}`, error: true };
      drawSoon();
    });
  };

  const act = (kind: InstanceAction) => {
    if (action !== null || profile === null || selectedInstance === null) return;
    const instance = selectedInstance;
    message = { text: `${kind === 'stop' ? 'stopping' : kind === 'start' ? 'starting' : 'restarting'} ${instance}…`, error: false };
    action = runInstanceAction(deployment, profile, instance, kind, (event) => {
      message = { text: formatEvent(event), error: event.kind === 'failed' };
      drawSoon();
    })
      .then(
        () => (message = { text: `${instance} ${pastTense[kind]}`, error: false }),
        (error: unknown) => (message = { text: `${kind} ${instance}: ${(error as Error).message}`, error: true }),
      )
      .then(() => {
        action = null;
        return refresh().catch(() => {});
      });
  };

  const move = (to: (index: number) => number) => {
    if (rows.length === 0) return;
    const index = Math.min(rows.length - 1, Math.max(0, to(selectedIndex())));
    if (rows[index]!.instance === selectedInstance) return;
    selectedInstance = rows[index]!.instance;
    logLines = [];
    void refreshLog().then(draw);
  };

  const onKey = (key: Key) => {
    const page = Math.max(1, Math.floor(((output.rows ?? 24) - 4) / 2));
    if (key === 'interrupt') return quit();
    if (typeof key === 'object' && key.char === 'q') return quit();
    if (following) {
      if (key === 'escape' || (typeof key === 'object' && key.char === 'f')) {
        stopFollowing();
        logLines = [];
        void refreshLog().then(draw);
      }
      return draw();
    }
    if (key === 'up' || (typeof key === 'object' && key.char === 'k')) move((index) => index - 1);
    else if (key === 'down' || (typeof key === 'object' && key.char === 'j')) move((index) => index + 1);
    else if (key === 'home') move(() => 0);
    else if (key === 'end') move(() => rows.length - 1);
    else if (key === 'page-up') move((index) => index - page);
    else if (key === 'page-down') move((index) => index + page);
    else if (typeof key === 'object' && key.char === 'f') startFollowing();
    else if (typeof key === 'object' && actionKeys[key.char]) act(actionKeys[key.char]!);
    else if (key === 'escape') message = null;
    draw();
  };

  const onData = (data: Buffer | string) => {
    for (const key of parseKeys(data.toString())) onKey(key);
  };
  const onResize = () => {
    screen?.invalidate();
    draw();
  };
  const onSignal = () => quit();

  input.setRawMode(true);
  input.resume();
  input.on('data', onData);
  output.on('resize', onResize);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  try {
    screen = enterScreen(output);
    void loop();
    await quitting;
    if (action !== null) {
      message = { text: 'waiting for the action in progress to finish…', error: false };
      draw();
      await action;
    }
  } finally {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(drawTimer);
    stopFollowing();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
    output.off('resize', onResize);
    input.off('data', onData);
    input.setRawMode(false);
    input.pause();
    screen?.leave();
  }
}
