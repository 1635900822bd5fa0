import pc from 'picocolors';
import { formatSeconds } from './errors.ts';
import type { TestEvent } from './events.ts';
import { describeStep, formatEvent } from './format-event.ts';

export interface Progress {
  event(event: TestEvent): void;
  /** Removes the live display; idempotent. */
  close(): void;
}

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows a run as it goes. On a terminal: finished variants as lines, and below them a live block
 * with every running variant's step and elapsed time, redrawn in place. Elsewhere (CI logs, pipes):
 * plain lines only, one per step, so a log shows where a variant was when it hung.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): Progress {
  const runStarted = Date.now();
  let width = 0;
  let toRun = 0;
  let finished = 0;
  const running = new Map<string, { started: number; step: string }>();
  const elapsedOf = (event: TestEvent): number => {
    const variant = 'variant' in event ? event.variant : undefined;
    const since = variant === undefined ? undefined : running.get(variant)?.started;
    return Date.now() - (since ?? runStarted);
  };
  const track = (event: TestEvent) => {
    if (event.kind === 'run-started') {
      width = Math.max(0, ...event.variants.map((id) => id.length));
      toRun = event.toRun;
    }
    if (event.kind === 'variant-ended' && event.result.status !== 'skipped') finished += 1;
    if (event.kind === 'variant-started') running.set(event.variant, { started: Date.now(), step: 'starting' });
    if (event.kind === 'phase') {
      const entry = running.get(event.variant);
      if (entry) entry.step = describeStep(event.phase, event.instance);
    }
    if (event.kind === 'variant-ended') running.delete(event.result.variant.id);
  };

  if (!stream.isTTY) {
    // One line per phase, not per instance: a log shows where a variant was without a line per curl.
    const lastPhase = new Map<string, string>();
    return {
      event(event) {
        if (event.kind === 'phase') {
          if (lastPhase.get(event.variant) === event.phase) return;
          lastPhase.set(event.variant, event.phase);
        }
        const line = formatEvent(event.kind === 'phase' ? { ...event, instance: undefined } : event, elapsedOf(event), width);
        track(event);
        if (line !== undefined) stream.write(`${line}\n`);
      },
      close() {},
    };
  }

  let drawn = 0;
  let frame = 0;
  let closed = false;
  const clear = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = () => {
    const columns = stream.columns || 100;
    const lines = [...running].map(([variant, { started, step }]) =>
      truncate(`${pc.cyan(spinner[frame % spinner.length]!)} ${variant.padEnd(width)}  ${step.padEnd(22)} ${pc.dim(formatSeconds(Date.now() - started))}`, columns),
    );
    if (lines.length > 0) {
      const waiting = toRun - finished - running.size;
      lines.push(pc.dim(truncate(`${finished}/${toRun} done, ${running.size} running, ${waiting} waiting  ${formatSeconds(Date.now() - runStarted)}`, columns)));
      stream.write(`${lines.join('\n')}\n`);
    }
    drawn = lines.length;
  };
  const timer = setInterval(() => {
    frame += 1;
    clear();
    draw();
  }, 100);
  timer.unref();
  return {
    event(event) {
      if (closed) return;
      // Step lines would flood a terminal; the live block shows the step instead.
      const line = event.kind === 'phase' || event.kind === 'machine-up' ? undefined : formatEvent(event, elapsedOf(event), width);
      track(event);
      clear();
      if (line !== undefined) stream.write(`${line}\n`);
      draw();
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clear();
    },
  };
}

// Cuts a line to the terminal's width (escape codes do not count), so that no line wraps and the
// block can be erased by counting lines.
function truncate(line: string, columns: number): string {
  let visible = 0;
  let out = '';
  for (let index = 0; index < line.length; index++) {
    // eslint-disable-next-line no-control-regex
    const escape = /^\x1b\[[0-9;]*m/.exec(line.slice(index));
    if (escape) {
      out += escape[0];
      index += escape[0].length - 1;
      continue;
    }
    if (visible >= columns - 1) break;
    out += line[index];
    visible += 1;
  }
  return `${out}\x1b[0m`;
}
