import { managedProcessJsonSchema } from './json-schema.ts';

type SchemaNode = { properties?: Record<string, SchemaNode>; anyOf?: SchemaNode[]; oneOf?: SchemaNode[]; additionalProperties?: SchemaNode | boolean };

/**
 * The parameter names createManagedProcess accepts in the object at `path` (['restart', 'backoff']
 * for `restart.backoff`), read from the JSON Schema of the validating zod schema, so that an unknown
 * parameter's error can name the one probably meant.
 */
export function knownFieldsAt(path: readonly (string | number)[]): string[] {
  let nodes: SchemaNode[] = [managedProcessJsonSchema() as SchemaNode];
  for (const part of path) {
    nodes = alternatives(nodes).flatMap((node) => {
      if (typeof part === 'number') return [];
      const child = node.properties?.[part] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
      return child ? [child] : [];
    });
  }
  return [...new Set(alternatives(nodes).flatMap((node) => Object.keys(node.properties ?? {})))];
}

function alternatives(nodes: SchemaNode[]): SchemaNode[] {
  return nodes.flatMap((node) => [node, ...alternatives([...(node.anyOf ?? []), ...(node.oneOf ?? [])])]);
}
