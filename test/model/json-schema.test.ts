import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { managedProcessJsonSchema } from '../../src/model/json-schema.ts';
import { managedProcessSchema } from '../../src/model/schema.ts';
import { repoRoot } from '../support/cli.ts';

describe('the JSON Schema of the model\'s parameters', () => {
  it('is written by the build into the package, equal to the one made from the schema the code validates with', () => {
    const built = JSON.parse(readFileSync(join(repoRoot, 'dist/schema/managed-process.schema.json'), 'utf8'));
    expect(built).toEqual(managedProcessJsonSchema());
    const fields = Object.keys(managedProcessSchema.shape).filter((field) => field !== 'kind').sort();
    expect(Object.keys(built.properties).sort()).toEqual(fields);
    expect(built.additionalProperties).toBe(false);
    expect(built.properties.restart.anyOf[0].enum).toEqual(['no', 'on-failure', 'always']);
  });

  it('is published: the package exports it as procform/schema.json, inside a folder of `files`', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(manifest.exports['./schema.json']).toBe('./dist/schema/managed-process.schema.json');
    expect(manifest.files).toContain('dist');
    const resolved = createRequire(join(repoRoot, 'package.json')).resolve('procform/schema.json');
    expect(resolved).toBe(join(repoRoot, 'dist/schema/managed-process.schema.json'));
  });
});
