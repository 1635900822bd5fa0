// Durations and sizes as users write them ('5s', '10M') turned into numbers. Plain numbers pass
// through (milliseconds, bytes). Returns undefined for malformed input so the schema can report it.

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value);
  return match ? Math.round(Number(match[1]) * durationUnits[match[2]!]!) : undefined;
}

export function parseSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  return match ? Math.round(Number(match[1]) * sizeUnits[match[2]!.toLowerCase()]!) : undefined;
}
