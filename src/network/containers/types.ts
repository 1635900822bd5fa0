import type { ServiceRecord } from '../network-record.ts';
import type { Machine } from '../types.ts';

/** What a container type's activation gets: its machine, a way to run commands there, the deploy's state. */
export interface ActivationContext {
  machineName: string;
  machine: Machine;
  /** Runs a shell command on the machine (with `input` on its standard input); throws, with its output, unless it succeeds. */
  run(command: string, input?: string): Promise<string>;
  /**
   * The process services active on this machine in this container, as the deploy has left them so
   * far (process types keep one procform deployment per container and switch it as a whole).
   */
  processes: Map<string, ServiceRecord>;
  /**
   * Profiles the coordinator built for the process containers, by configuration
   * (`configurationKey`); undefined when the machines build for themselves (`--build-on target`).
   */
  profiles: ReadonlyMap<string, string> | undefined;
  /** A line for the user. */
  log(line: string): void;
}

/** One container type (one of Dysnomia's modules): how a service is put into its container, and taken out. */
export interface ContainerModule {
  activate(context: ActivationContext, service: ServiceRecord): Promise<void>;
  deactivate(context: ActivationContext, service: ServiceRecord): Promise<void>;
}
