// What the disnix backend lowers a process to: upstream's createProcessScript (the Dysnomia
// `process` container's name, process wrapper and PID file) and what its wrapper script does,
// plus procform's portable semantics, which procform's switch and procform-daemonize carry out.
import type { DaemonizedProcessParams } from '../daemonized-process.ts';

/** `name` is the Dysnomia configuration's (`etc/dysnomia/process/<name>`); `dependencies` are Disnix's activatesAfter. */
export interface DisnixParams extends DaemonizedProcessParams, Record<string, unknown> {}
