import { argvOf } from '../../process/proc-cmdline.ts';

/**
 * Whether a program's process is still its wrapper script (waiting for dependencies, running
 * initialize) rather than the program, which the wrapper exec's at its end. supervisord reports
 * RUNNING either way; for a foreground program, it has started only once the wrapper is gone.
 */
export async function stillInWrapper(pid: number): Promise<boolean> {
  return (await argvOf(pid))[1]?.endsWith('-supervisord-wrapper') ?? false;
}
