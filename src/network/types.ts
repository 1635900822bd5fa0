// The three models of a network deployment (Disnix's): where machines are (infrastructure), what
// runs (services), and what runs where (distribution). Plain data, like the processes model.
import type { Container, Instance, ManagedProcess, ProcessContext } from '../model/types.ts';

/** How to reach a machine over SSH, and what it offers. */
export interface Machine {
  /** Address or name the coordinator connects to, and that services on other machines use to reach this one's services. */
  host: string;
  /** SSH port. Default 22. */
  port?: number;
  /** SSH user. Default: ssh's own (the user running procform, or its ssh configuration). */
  user?: string;
  /** Private key to log in with. */
  identityFile?: string;
  /** More arguments for ssh, scp and rsync's ssh (`['-o', 'UserKnownHostsFile=./known_hosts']`). */
  sshOptions?: string[];
  /** The procform command on the machine. Default `procform`. */
  procform?: string;
  /** procform's state folder on the machine (`--state-dir`). Default: procform's own (/var as root). */
  stateDir?: string;
  /** Properties of your own, passed to the services deployed there and to those depending on them. */
  properties?: Record<string, string | number | boolean>;
  /** Containers the machine offers besides `process` and `managed-process`, as capture-infra found them. */
  containers?: Record<string, MachineContainer>;
  /** What capture-infra found; informative. */
  hostname?: string;
  system?: string;
  procformVersion?: string;
  nodeVersion?: string;
  processManagers?: string[];
  /** The process manager `managed-process` services are deployed with. Default: procform's default. */
  processManager?: string;
}

/** A container offered by a machine: its type and the properties services deployed into it need. */
export interface MachineContainer {
  type: string;
  properties: Record<string, string | number | boolean>;
}

export type Machines = Record<string, Machine>;

export interface InfrastructureModel {
  kind: 'infrastructure-model';
  machines: Machines;
}

/**
 * What a service's constructor learns of a service it depends on (Disnix's inter-dependencies):
 * where it was put, how to reach the machine, and the container it runs in.
 */
export interface InterDependency {
  /** The service's key in the services model. */
  service: string;
  /** The machine's key in the infrastructure model. */
  machine: string;
  /** The machine's address, as the infrastructure model gives it. */
  host: string;
  /** The machine's own properties. */
  targetProperties: Record<string, string | number | boolean>;
  /** The container it is deployed into, with the properties a client needs (port, socket, …). */
  container: Container;
  /** The service's own properties (its port, its database's name, …). */
  properties: Record<string, unknown>;
}

export type InterDependencies<Names extends string = string> = { [Name in Names]: InterDependency };

/** One service. Its `type` names the container type that deploys it. */
export interface Service<Dependencies extends Record<string, object> = Record<string, object>> {
  /** `process` or `managed-process` (a process instance on the machine's procform), `mysql-database`, `postgresql-database`, … */
  type: string;
  /** Other services this one needs, by reference; their keys are the names the constructor receives them by. */
  dependsOn?: Dependencies;
  /**
   * Process types: the constructor, called with the target machine's context and the
   * inter-dependencies; it returns the process (or a processes-model instance, such as a container provider).
   */
  pkg?(ctx: ProcessContext, dependencies: InterDependencies<Extract<keyof Dependencies, string>>): ManagedProcess | Instance;
  /** Database types: a file (or folder of *.sql files, in name order) with the schema to create the database with. */
  files?: string;
  /** Properties of the service, passed to the services depending on it (port, database name, …). */
  properties?: Record<string, unknown>;
}

export type Services = Record<string, Service>;

export interface ServicesModel {
  kind: 'services-model';
  services: Services;
}

/** Where a service goes: a machine, or a machine and one of its containers when it has several of the service's type. */
export type Placement = string | { machine: string; container?: string };

export interface DistributionModel {
  kind: 'distribution-model';
  placements: Record<string, Placement>;
}
