// Build step: writes the JSON Schema of a managed process's parameters into the package
// (dist/schema/managed-process.schema.json, exported as procform/schema.json), from the built
// zod schema, so that the published schema is the one the code validates with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { managedProcessJsonSchema } from '../dist/src/model/json-schema.js';

const target = fileURLToPath(new URL('../dist/schema/managed-process.schema.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../dist/schema/', import.meta.url)), { recursive: true });
writeFileSync(target, `${JSON.stringify(managedProcessJsonSchema(), null, 2)}\n`);
