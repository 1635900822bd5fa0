// procform's public API: what a processes model and a constructor library import.
export { defineProcesses } from './model/define-processes.ts';
export { createManagedProcess, executable } from './model/create-managed-process.ts';
export { readEnvFile } from './model/read-env-file.ts';
export type * from './model/types.ts';
export { buildProfile, prepareProfile } from './build/build-profile.ts';
export type { BuildOptions, PreparedProfile } from './build/build-profile.ts';
export type { Manifest, ManifestInstance } from './build/manifest.ts';
export { ModelError, ProcformError } from './errors.ts';
export { shellCommand, shellQuote } from './shell/quote.ts';
export type { IdPool, IdResources } from './ids/id-resources.ts';
// Build targets: the system a profile is for. Pass one as `buildProfile({ …, target })`; the default
// is this machine. Images build for a root folder, networks for machines described by
// `procform describe-machine --json` (`describedTarget(readMachineDescription(file), file)`).
export type { BuildTarget, ProcformRuntime, TargetGroup, TargetUser } from './target/build-target.ts';
export { TargetError } from './target/build-target.ts';
export { hostTarget } from './target/host-target.ts';
export { rootTarget } from './target/root-target.ts';
export type { RootTargetOptions } from './target/root-target.ts';
export { describedTarget, describeMachine, readMachineDescription } from './target/machine-description.ts';
export type { MachineDescription } from './target/machine-description.ts';
export { defineDistribution, defineInfrastructure, defineService, defineServices } from './network/define-network.ts';
export type * from './network/types.ts';
