// The frame `procform top` draws, and the keys it reads: pure, so every width is checked exactly.
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { InstanceRow } from '../../src/live/instance-rows.ts';
import { parseKeys } from '../../src/top/keys.ts';
import { printable } from '../../src/text/printable.ts';
import type { TopView } from '../../src/top/top-frame.ts';
import { KEY_HELP, renderTopFrame } from '../../src/top/top-frame.ts';

const plain = pc.createColors(false);
const now = Date.UTC(2026, 0, 1, 12);

function row(instance: string, overrides: Partial<InstanceRow> = {}): InstanceRow {
  return { instance, name: instance, state: 'running', pid: 4242, startedAt: now - 125_000, restarts: 1, ready: true, dependencies: [], cpuPercent: 12.5, memoryBytes: 13_000_000, ...overrides };
}

function view(overrides: Partial<TopView> = {}): TopView {
  return {
    title: 'procform top  builtin',
    rows: [row('webapp'), row('nginx', { state: 'stopped', pid: null, startedAt: null, cpuPercent: null, memoryBytes: null })],
    selected: 0,
    log: { instance: 'webapp', lines: ['one', 'two'], following: false },
    message: null,
    now,
    ...overrides,
  };
}

describe('the top frame', () => {
  it('fills the terminal exactly: title, header, rows, the log, and the keys last', () => {
    const frame = renderTopFrame(view(), { columns: 80, rows: 12 }, plain);
    expect(frame).toHaveLength(12);
    expect(frame.slice(0, 4).map((line) => line.trimEnd())).toEqual([
      'procform top  builtin',
      '  INSTANCE  STATE     PID  UPTIME  RESTARTS  READY    CPU    MEM',
      '> webapp    running  4242   2m05s         1  yes    12.5%  12.4M',
      '  nginx     stopped     -       -         1  yes        -      -',
    ]);
    expect(frame[4]).toMatch(/^── log of webapp ─+$/);
    expect(frame.slice(5, 7)).toEqual(['one', 'two']);
    expect(frame.at(-1)).toBe(KEY_HELP);
  });

  it('drops restarts, readiness, uptime, PID, memory and CPU in that order as the terminal narrows', () => {
    const headerAt = (columns: number) => renderTopFrame(view(), { columns, rows: 10 }, plain)[1]!.trim().split(/\s+/);
    expect(headerAt(80)).toEqual(['INSTANCE', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY', 'CPU', 'MEM']);
    expect(headerAt(56)).toEqual(['INSTANCE', 'STATE', 'PID', 'UPTIME', 'READY', 'CPU', 'MEM']);
    expect(headerAt(50)).toEqual(['INSTANCE', 'STATE', 'PID', 'UPTIME', 'CPU', 'MEM']);
    expect(headerAt(42)).toEqual(['INSTANCE', 'STATE', 'PID', 'CPU', 'MEM']);
    expect(headerAt(36)).toEqual(['INSTANCE', 'STATE', 'CPU', 'MEM']);
    expect(headerAt(30)).toEqual(['INSTANCE', 'STATE', 'CPU']);
    expect(headerAt(22)).toEqual(['INSTANCE', 'STATE']);
    for (const columns of [80, 40, 20, 12, 5]) {
      const frame = renderTopFrame(view(), { columns, rows: 10 }, plain);
      for (const line of frame.slice(0, -1)) expect([...line].length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
      // The last line never fills the width: writing into the last column of the last row would scroll.
      expect([...frame.at(-1)!].length).toBeLessThan(columns);
    }
  });

  it('keeps the selected row on screen when there are more instances than rows', () => {
    const rows = Array.from({ length: 30 }, (_, index) => row(`instance${index}`));
    const frame = renderTopFrame(view({ rows, selected: 25 }), { columns: 80, rows: 14 }, plain);
    expect(frame.filter((line) => line.startsWith('> '))).toEqual([expect.stringMatching(/^> instance25 /)]);
  });

  it('shows a followed log over the whole screen, and a message instead of the keys', () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index}`);
    const frame = renderTopFrame(view({ log: { instance: 'webapp', lines, following: true }, message: { text: 'webapp restarted', error: false } }), { columns: 60, rows: 10 }, plain);
    expect(frame[1]).toMatch(/^following the log of webapp/);
    expect(frame.slice(2, 9)).toEqual(lines.slice(-7));
    expect(frame.at(-1)).toBe('webapp restarted');
  });

  it("shows why the selected instance failed above its log", () => {
    const failed = row('nginx', { state: 'failed', pid: null, reason: 'exited 1; gave up after 10 restarts\nlast lines of /var/log/nginx.log: …' });
    const frame = renderTopFrame(view({ rows: [row('webapp'), failed], selected: 1, log: { instance: 'nginx', lines: ['one'], following: false } }), { columns: 80, rows: 10 }, plain);
    expect(frame.slice(4, 7)).toEqual([expect.stringMatching(/^── log of nginx/), 'exited 1; gave up after 10 restarts', 'one']);
  });

  it('prints log lines without their escape sequences or control characters', () => {
    const frame = renderTopFrame(view({ log: { instance: 'webapp', lines: ['\x1b[31mred\x1b[0m\tand\x07 \x1b]0;title\x07done'], following: false } }), { columns: 80, rows: 10 }, plain);
    expect(frame[5]).toBe('red    and done');
    expect(printable('a\rb\x1b[2Jc')).toBe('abc');
  });

  it('colours only with colours on', () => {
    const coloured = renderTopFrame(view({ selected: 1 }), { columns: 80, rows: 8 }, pc.createColors(true)).join('\n');
    expect(coloured).toContain('\x1b[32mrunning');
    expect(coloured).toContain('\x1b[7m');
    expect(renderTopFrame(view(), { columns: 80, rows: 8 }, plain).join('\n')).not.toContain('\x1b');
  });
});

describe('keys', () => {
  it('reads arrows, letters, Escape and Ctrl-C, several in one chunk', () => {
    expect(parseKeys('\x1b[Aj\x1bOBq\x03\x1b')).toEqual(['up', { char: 'j' }, 'down', { char: 'q' }, 'interrupt', 'escape']);
    expect(parseKeys('\x1b[5~\x1b[6~\x1b[H\x1b[F')).toEqual(['page-up', 'page-down', 'home', 'end']);
  });

  it('skips sequences it does not know, whole', () => {
    expect(parseKeys('\x1b[15~r\x1b[1;5Cx')).toEqual([{ char: 'r' }, { char: 'x' }]);
  });
});
