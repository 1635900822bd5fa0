import type { Command } from 'commander';
import { resolve } from 'node:path';
import { canonicalProcessManager, DEFAULT_PROCESS_MANAGER, IMPLEMENTED_PROCESS_MANAGERS } from '../backends/registry.ts';
import type { BuildOptions } from '../build/build-profile.ts';
import type { Deployment } from '../deploy/deployment.ts';
import { locateDeployment } from '../deploy/deployment.ts';
import { warmUpManager } from '../deploy/warm-up.ts';
import { UsageError } from '../errors.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import type { BuildTarget, ProcformRuntime } from '../target/build-target.ts';
import { hostTarget } from '../target/host-target.ts';
import { rootTarget } from '../target/root-target.ts';

/** Options that say where a deployment lives. */
export interface DirFlags {
  stateDir?: string;
  runtimeDir?: string;
  logDir?: string;
  cacheDir?: string;
  libDir?: string;
  spoolDir?: string;
  lockDir?: string;
  tmpDir?: string;
  storeDir?: string;
  profile?: string;
  forceDisableUserChange?: boolean;
}

/** Options of the commands that act on a deployment: where it lives, and the process manager it should run under. */
export interface DeploymentFlags extends DirFlags {
  processManager?: string;
}

/** Options that say what to build. */
export interface BuildFlags extends DirFlags {
  processManager: string;
  extraParams?: Record<string, unknown>;
  ids?: string;
  targetRoot?: string;
  targetNode?: string;
  targetProcform?: string;
}

export function addDirOptions(command: Command): Command {
  return command
    .option('--state-dir <dir>', 'base folder of all variable data (default: /var as root, ~/.local/state/procform otherwise)')
    .option('--runtime-dir <dir>', 'PID files and sockets (default: <state-dir>/run)')
    .option('--log-dir <dir>', 'log files (default: <state-dir>/log)')
    .option('--cache-dir <dir>', 'cache files (default: <state-dir>/cache)')
    .option('--lib-dir <dir>', 'persistent state (default: <state-dir>/lib)')
    .option('--spool-dir <dir>', 'spool files (default: <state-dir>/spool)')
    .option('--lock-dir <dir>', 'lock files (default: <state-dir>/lock)')
    .option('--tmp-dir <dir>', 'temporary files (default: /tmp for /var, else <state-dir>/tmp)')
    .option('--store-dir <dir>', 'where generated files are stored (default: <lib-dir>/procform/store)')
    .option('-p, --profile <name>', 'name of the deployment\'s generations, to keep several in one state folder', 'processes');
}

/**
 * The folder options and -P: the deployment knows its process manager, but users type
 * `procform down -P supervisord` after `procform switch -P supervisord`, so -P is accepted and
 * checked against it (checkProcessManager), without a default (PROCFORM_PROCESS_MANAGER is not checked).
 */
export function addDeploymentOptions(command: Command): Command {
  return addDirOptions(command).option('-P, --process-manager <name>', 'check that the deployment runs under this process manager (it knows which: -P is never needed here)', canonicalProcessManager);
}

/** A -P that names another process manager than the deployed profile's is refused before anything is done. */
export function checkProcessManager(flags: DeploymentFlags, deployment: Deployment, deployed: string): void {
  if (flags.processManager === undefined || flags.processManager === deployed) return;
  throw new UsageError(
    `-P ${flags.processManager}: the deployment in ${deployment.dirs.stateDir} (profile "${deployment.profiles.name}") runs under ${deployed}, not ${flags.processManager}; nothing was done`,
    { hint: `Leave out -P (the deployment knows its process manager) or give -P ${deployed}; to move the deployment to ${flags.processManager}: procform switch -P ${flags.processManager}. Another deployment: --state-dir, --profile.` },
  );
}

export function addBuildOptions(command: Command): Command {
  return addDirOptions(command)
    .option('-P, --process-manager <name>', `process manager to build for: ${IMPLEMENTED_PROCESS_MANAGERS.join(', ')}`, canonicalProcessManager, canonicalProcessManager(process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_PROCESS_MANAGER))
    .option('--force-disable-user-change', 'deploy unprivileged: create no users, switch to none (the default unless root)')
    .option('--extra-params <json>', 'model-specific parameters as a JSON object, read as ctx.extraParams', parseJsonObject)
    .option('--ids <file>', 'IDs file (default: <model>.ids.json or ids.json beside the model)')
    .option('--target-root <dir>', 'build for the system in this root folder (an image\'s): executables and accounts are looked up inside it')
    .option('--target-node <path>', 'Node on the target, as the target sees it (default: this Node; in --target-root: node in its system folders)')
    .option('--target-procform <dir>', 'procform\'s package folder on the target, as the target sees it (default: this procform)');
}

/** What to build, from a command's flags. */
export function buildOptions(modelFile: string, flags: BuildFlags): BuildOptions {
  return {
    modelFile,
    processManager: flags.processManager,
    dirs: dirOptions(flags),
    ...(flags.extraParams && { extraParams: flags.extraParams }),
    ...(flags.ids && { idsFile: resolve(flags.ids) }),
    ...(flags.storeDir && { storeDir: resolve(flags.storeDir) }),
    target: targetOf(flags),
    // The command line's builds use only the profile: an unchanged model's build is the last one's.
    reuseProfile: true,
  };
}

/**
 * The system the flags build for: the root folder of --target-root, else `base` (this machine, or
 * build --target's machine), with --target-node and --target-procform in place of its own. Who
 * deploys is whoever runs the command, as for this machine.
 */
export function targetOf(flags: BuildFlags, base: BuildTarget = hostTarget()): BuildTarget {
  for (const [flag, value] of [['--target-node', flags.targetNode], ['--target-procform', flags.targetProcform]] as const) {
    if (value !== undefined && !value.startsWith('/')) throw new UsageError(`${flag} must be an absolute path as the target sees it, not "${value}"`);
  }
  if (flags.targetRoot !== undefined) {
    const host = hostTarget();
    return rootTarget({
      root: resolve(flags.targetRoot),
      ...(flags.targetNode && { node: flags.targetNode }),
      ...(flags.targetProcform && { procform: flags.targetProcform }),
      caller: host.caller,
      privileged: host.privileged,
    });
  }
  if (flags.targetNode === undefined && flags.targetProcform === undefined) return base;
  const runtime = (): ProcformRuntime => {
    const own = flags.targetNode !== undefined && flags.targetProcform !== undefined ? undefined : base.procformRuntime();
    return { node: flags.targetNode ?? own!.node, procform: flags.targetProcform ?? own!.procform };
  };
  return { ...base, procformRuntime: runtime };
}

/**
 * Starts the process manager while the model builds (see src/deploy/warm-up.ts), when the flags
 * deploy to this machine. Called first: the build's modules are imported after it.
 */
export async function warmUpFor(flags: BuildFlags): Promise<void> {
  if (flags.targetRoot !== undefined) return;
  await warmUpManager(flags.processManager, dirOptions(flags), hostTarget());
}

/** Where the deployment the flags point at keeps its generations. */
export function deploymentOf(flags: DirFlags): Deployment {
  return locateDeployment({
    dirs: dirOptions(flags),
    ...(flags.storeDir && { storeDir: resolve(flags.storeDir) }),
    ...(flags.profile && { profile: flags.profile }),
  });
}

/** The deployment's folders and user-change setting, from a command's flags. */
export function dirOptions(flags: DirFlags): DirOptions {
  const dirs: DirOptions = {};
  for (const key of ['stateDir', 'runtimeDir', 'logDir', 'cacheDir', 'libDir', 'spoolDir', 'lockDir', 'tmpDir'] as const) {
    if (flags[key] !== undefined) dirs[key] = resolve(flags[key]);
  }
  if (flags.forceDisableUserChange) dirs.forceDisableUserChange = true;
  return dirs;
}

/** The model file: the argument, else PROCFORM_PROCESSES, else processes.ts here. */
export function modelFile(argument: string | undefined): string {
  return resolve(argument ?? process.env.PROCFORM_PROCESSES ?? 'processes.ts');
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--extra-params is not valid JSON: ${(error as Error).message}`, { hint: `For example: --extra-params '{"webappMode":"foreground"}'` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--extra-params must be a JSON object');
  return value as Record<string, unknown>;
}
