import type { DistributionModel, InfrastructureModel, Machines, Placement, Service, Services, ServicesModel } from './types.ts';

/** Declares the machines of a network: how to reach each over SSH, and what it offers. */
export function defineInfrastructure(machines: Machines): InfrastructureModel {
  return { kind: 'infrastructure-model', machines };
}

/** Declares the services of a network deployment, keyed by their identity. */
export function defineServices(services: Services): ServicesModel {
  return { kind: 'services-model', services };
}

/** Declares where each service runs: service key → machine key (or machine and container). */
export function defineDistribution(placements: Record<string, Placement>): DistributionModel {
  return { kind: 'distribution-model', placements };
}

/**
 * One service, typed: the constructor receives exactly the inter-dependencies its `dependsOn`
 * names. A plain object works as well; this only lets TypeScript check the names.
 */
export function defineService<Dependencies extends Record<string, Service> = Record<string, never>>(service: Service<Dependencies>): Service<Dependencies> {
  return service;
}
