import type { SandboxChild } from '../../src/sandbox/index.ts';

/** Collects a spawned command's standard output; `until(text)` resolves once it contains text. */
export function collectOutput(child: SandboxChild): { text: () => string; until: (text: string, timeoutMs?: number) => Promise<void> } {
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return {
    text: () => output,
    until: async (text, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in the output after ${timeoutMs} ms: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
