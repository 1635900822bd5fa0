import type { EnteredChild } from './sandbox-child.ts';
import type { SandboxExecResult } from './types.ts';

/**
 * Collects a command's output until it ends, feeding it `input`. On timeout the whole process group
 * is killed: a test that waits for a hung command should get its answer, not hang with it.
 */
export async function runToEnd(child: EnteredChild, input: string | undefined, timeoutMs: number | undefined): Promise<SandboxExecResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A command that does not read its input closes the pipe early; that is not an error.
  child.stdin?.on('error', () => {});
  child.stdin?.end(input ?? '');
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.killGroup('SIGKILL');
        }, timeoutMs);
  try {
    const { code, signal } = await child.exited;
    return { code, signal, stdout, stderr, timedOut };
  } finally {
    clearTimeout(timer);
  }
}
