import { shellQuote } from './quote.ts';

/** `export NAME=value` per variable, sorted; `path` folders go before PATH (the given one, else the caller's). */
export function exportEnvironment(params: { environment: Record<string, string>; path: readonly string[] }): string[] {
  const { PATH: explicitPath, ...environment } = params.environment;
  const lines = Object.keys(environment)
    .sort()
    .map((name) => `export ${name}=${shellQuote(environment[name]!)}`);
  if (params.path.length > 0 || explicitPath !== undefined) {
    const prefix = params.path.length > 0 ? `${shellQuote(params.path.join(':'))}:` : '';
    lines.push(`export PATH=${prefix}${explicitPath === undefined ? '"$PATH"' : shellQuote(explicitPath)}`);
  }
  return lines;
}
