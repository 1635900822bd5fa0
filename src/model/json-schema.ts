import { z } from 'zod';
import { managedProcessSchema } from './schema.ts';

/**
 * The JSON Schema of createManagedProcess's parameters, made from the zod schema that validates
 * them, so that editors and other tools (agnostic JSON configurations, generators) check what
 * procform checks. Written into the package at build time (scripts/write-json-schema.mjs) as
 * `procform/schema.json`. Values zod only describes as functions (overrides as functions,
 * dependencies as references to other instances) are left open: a JSON file cannot hold them.
 */
export function managedProcessJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(managedProcessSchema.omit({ kind: true }), { io: 'input', unrepresentable: 'any' }),
    title: 'procform createManagedProcess parameters',
    description: 'The parameters of createManagedProcess (docs/model.md).',
  };
}
