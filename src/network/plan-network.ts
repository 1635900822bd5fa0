// What a network deploy does, from the record of what runs and the record of what should: pure.
import type { NetworkRecord, ServiceRecord } from './network-record.ts';

export interface NetworkStep {
  action: 'activate' | 'deactivate';
  service: ServiceRecord;
}

/** A service's place: the same service elsewhere (another machine or container) is another service. */
export function placeOf(service: ServiceRecord): string {
  return `${service.key}\0${service.machine}\0${service.container.name}`;
}

/**
 * Deactivations first, dependents before their dependencies (removed services and services moved
 * elsewhere), then activations, dependencies first (new, moved and changed services); unchanged
 * services are left alone. `repair` (the last deploy was interrupted) activates every service again:
 * activation is idempotent, and the machines' own switches keep what already runs as it should.
 */
export function planNetwork(current: NetworkRecord | null, next: NetworkRecord, options: { repair?: boolean } = {}): NetworkStep[] {
  const nextPlaces = new Map(next.services.map((service) => [placeOf(service), service]));
  const currentPlaces = new Map((current?.services ?? []).map((service) => [placeOf(service), service]));
  const deactivate = [...(current?.services ?? [])].reverse().filter((service) => !nextPlaces.has(placeOf(service)));
  const activate = next.services.filter((service) => options.repair || currentPlaces.get(placeOf(service))?.digest !== service.digest);
  return [...deactivate.map((service) => ({ action: 'deactivate' as const, service })), ...activate.map((service) => ({ action: 'activate' as const, service }))];
}

/**
 * The record to keep after the steps: services the steps do not activate keep their current entry
 * (pointing at the services model already on their machine), so that only the machines with
 * something to activate need the new model copied to them.
 */
export function withUnchangedKept(current: NetworkRecord | null, next: NetworkRecord, steps: readonly NetworkStep[]): NetworkRecord {
  const activated = new Set(steps.filter((step) => step.action === 'activate').map((step) => placeOf(step.service)));
  const currentPlaces = new Map((current?.services ?? []).map((service) => [placeOf(service), service]));
  return { ...next, services: next.services.map((service) => (activated.has(placeOf(service)) ? service : (currentPlaces.get(placeOf(service)) ?? service))) };
}
