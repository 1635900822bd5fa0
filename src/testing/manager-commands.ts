// Small shell commands backends use in their TestManager (managerPid, managerLog).
import { shellCommand } from '../shell/quote.ts';

/** The last `lines` lines of a file, nothing when it does not exist. */
export const tailCommand = (file: string, lines: number): string => `tail -n ${lines} ${shellCommand([file])} 2>/dev/null`;

/** The first field of a PID file ("PID" or "PID START_TIME"), nothing when it does not exist. */
export const pidFileCommand = (file: string): string => `cut -d ' ' -f 1 ${shellCommand([file])} 2>/dev/null`;
