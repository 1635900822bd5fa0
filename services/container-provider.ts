import type { Container, Instance, ManagedProcess } from '../src/model/types.ts';

/** What every container provider takes besides its service's parameters. */
export interface ContainerProviderParams {
  /** The container's name. Default: its type followed by the instance suffix (`mysql-database-primary`). */
  containerName?: string;
}

/** An instance that provides a container to other services. */
export type ContainerProviderInstance = Instance & { port: number; providesContainer: Container };

/**
 * A container provider from a service's constructor (upstream's service-containers-agnostic):
 * `describe` says, from the instance's parameters, its port and the container's type and properties.
 */
export function containerProvider<Params extends { instanceSuffix?: string }>(
  make: (params: Params) => ManagedProcess,
  describe: (params: Params) => { port: number; type: string; properties: Container['properties'] },
): (params?: Params & ContainerProviderParams) => ContainerProviderInstance {
  return (params = {} as Params & ContainerProviderParams) => {
    const { containerName, ...serviceParams } = params;
    const { port, type, properties } = describe(serviceParams as Params);
    return {
      pkg: make(serviceParams as Params),
      port,
      providesContainer: { name: containerName ?? `${type}${params.instanceSuffix ?? ''}`, type, properties },
    };
  };
}
