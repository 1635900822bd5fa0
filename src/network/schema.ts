// What the network models must look like; checked when they are loaded, so that errors name the field.
import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const scalars = z.record(z.string(), scalar);

export const machineContainerSchema = z.strictObject({ type: z.string().min(1), properties: scalars });

export const machineSchema = z.strictObject({
  host: z.string().min(1, 'must name the address to reach the machine at'),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  sshOptions: z.array(z.string()).optional(),
  procform: z.string().min(1).optional(),
  stateDir: z.string().startsWith('/', 'must be an absolute path').optional(),
  properties: scalars.optional(),
  containers: z.record(z.string(), machineContainerSchema).optional(),
  hostname: z.string().optional(),
  system: z.string().optional(),
  procformVersion: z.string().optional(),
  nodeVersion: z.string().optional(),
  processManagers: z.array(z.string()).optional(),
  processManager: z.string().min(1).optional(),
});

export const serviceSchema = z.strictObject({
  type: z.string().min(1, 'must name a container type'),
  dependsOn: z.record(z.string(), z.looseObject({})).optional(),
  pkg: z.function().optional(),
  files: z.string().min(1).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const placementSchema = z.union([
  z.string().min(1),
  z.strictObject({ machine: z.string().min(1), container: z.string().min(1).optional() }),
]);
