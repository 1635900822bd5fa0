// What the bsdrc backend lowers a process to: upstream's createBSDRCScript parameters (same names,
// so upstream-style overrides such as `overrides.bsdrc.keywords` work), for FreeBSD's rc.subr.
import type { RestartSpec } from '../../model/types.ts';

export interface BsdrcParams extends Record<string, unknown> {
  /** The script's name (etc/rc.d/<name>), rc.subr's `name`, and the prefix of its variables. */
  name: string;
  description: string;
  /** rc.subr's rcvar is `<name>_<rcvar>`; FreeBSD's convention is `enable` (upstream: `enabled`). */
  rcvar: string;
  /** `: ${<name>_<var>:=<default>}` lines, after load_rc_config. */
  rcvarsDefaults: Record<string, string>;
  command: string;
  commandArgs: string[];
  /** False: `command` stays in the foreground and daemon(8) runs it. */
  commandIsDaemon: boolean;
  enableDaemonOutputLogging: boolean;
  logFile: string;
  pidFile: string;
  reloadSignal: string;
  stopSignal: string;
  environment: Record<string, string>;
  path: string[];
  directory: string | null;
  umask: string | null;
  nice: number | null;
  user: string | null;
  /** Shell commands run before starting (start_precmd), as root. */
  initialize: string;
  /** daemon(8) -r / -R for a foreground process. */
  restart: RestartSpec;
  /** PROVIDE:, REQUIRE: (after the dependencies' names), KEYWORD:. */
  provides: string[];
  requires: string[];
  keywords: string[];
  dependencies: string[];
  /** Where rc.subr is sourced from. */
  rcSubr: string;
}
