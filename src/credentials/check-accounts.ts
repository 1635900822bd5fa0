// Build-time checks of the users and groups a model declares, so that a model whose accounts
// collide is rejected before anything is written or deployed. The rules (docs/ids-and-credentials.md):
// a user that the model declares belongs to one instance; a group may be shared when every
// instance declares it alike; no two accounts of one kind share a number.
import type { ModelProblem } from '../errors.ts';
import type { Ids, Instances } from '../model/types.ts';

const userProperties = ['uid', 'group', 'extraGroups', 'description', 'homeDir', 'createHomeDir', 'shell'];
const groupProperties = ['gid'];

/** Every problem with the accounts of a (validated) model's instances, in instance order. */
export function accountProblems(instances: Instances, ids: Ids): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const userOwner = new Map<string, string>();
  const groupOwner = new Map<string, { instance: string; properties: Record<string, unknown> }>();
  const uidOwner = new Map<number, string>();
  const gidOwner = new Map<number, string>();

  for (const [instance, { pkg }] of Object.entries(instances)) {
    const credentials = pkg.credentials ?? {};
    for (const [group, properties] of Object.entries(credentials.groups ?? {})) {
      const field = `pkg.credentials.groups.${group}`;
      problems.push(...unknownProperties(instance, field, properties, groupProperties));
      const other = groupOwner.get(group);
      if (other === undefined) {
        groupOwner.set(group, { instance, properties });
        const gid = properties.gid ?? ids.gids?.[group];
        if (gid !== undefined) claimNumber(gidOwner, gid, group, instance, `${field}.gid`, 'group', 'gid', problems);
      } else if (other.instance !== instance) {
        const differing = firstDifference(other.properties, properties);
        if (differing !== undefined) {
          problems.push({
            instance,
            field: `${field}.${differing}`,
            message: `declares group "${group}" unlike instance "${other.instance}"; a shared group must be declared alike by every instance`,
          });
        }
      }
    }
    for (const [user, properties] of Object.entries(credentials.users ?? {})) {
      const field = `pkg.credentials.users.${user}`;
      problems.push(...unknownProperties(instance, field, properties, userProperties), ...userPropertyProblems(instance, field, properties));
      const other = userOwner.get(user);
      if (other !== undefined) {
        problems.push({
          instance,
          field,
          message: `declares user "${user}", like instance "${other}"; a user procform creates belongs to one instance: derive its name from instanceName`,
        });
        continue;
      }
      userOwner.set(user, instance);
      const uid = properties.uid ?? ids.uids?.[user];
      if (uid !== undefined) claimNumber(uidOwner, uid, user, instance, `${field}.uid`, 'user', 'uid', problems);
    }
  }

  // Running as a user that another instance declares shares that instance's account (its files, its limits).
  for (const [instance, { pkg }] of Object.entries(instances)) {
    const owner = pkg.user === undefined ? undefined : userOwner.get(pkg.user);
    if (owner !== undefined && owner !== instance) {
      problems.push({
        instance,
        field: 'pkg.user',
        message: `runs as user "${pkg.user}", which instance "${owner}" declares; a user procform creates serves one instance (share a group instead)`,
      });
    }
  }
  return problems;
}

function claimNumber(
  owners: Map<number, string>,
  id: number,
  name: string,
  instance: string,
  field: string,
  kind: 'user' | 'group',
  idName: 'uid' | 'gid',
  problems: ModelProblem[],
): void {
  const other = owners.get(id);
  if (other === undefined) owners.set(id, `${kind} "${name}" of instance "${instance}"`);
  else problems.push({ instance, field, message: `${kind} "${name}" has ${idName} ${id}, like ${other}; give each ${kind} its own ${idName}` });
}

function unknownProperties(instance: string, field: string, properties: Record<string, unknown>, known: string[]): ModelProblem[] {
  return Object.keys(properties)
    .filter((property) => !known.includes(property))
    .map((property) => ({ instance, field: `${field}.${property}`, message: `is not a known property; known ones are ${known.join(', ')}` }));
}

/** What useradd would reject (or silently misread), reported at build time instead of halfway through a switch. */
function userPropertyProblems(instance: string, field: string, properties: Record<string, unknown>): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const { description, shell, extraGroups, createHomeDir, homeDir } = properties;
  if (description !== undefined && (typeof description !== 'string' || /[:\n]/.test(description))) {
    problems.push({ instance, field: `${field}.description`, message: 'must be a string without ":" or line breaks' });
  }
  if (shell !== undefined && (typeof shell !== 'string' || !shell.startsWith('/'))) {
    problems.push({ instance, field: `${field}.shell`, message: 'must be an absolute path, such as /bin/sh or /usr/sbin/nologin' });
  }
  if (extraGroups !== undefined && !(Array.isArray(extraGroups) && extraGroups.every((group) => typeof group === 'string' && /^[a-z_][a-z0-9_-]*\$?$/i.test(group)))) {
    problems.push({ instance, field: `${field}.extraGroups`, message: 'must be a list of group names' });
  }
  if (createHomeDir === true && homeDir === undefined) {
    problems.push({ instance, field: `${field}.createHomeDir`, message: 'needs a homeDir to create' });
  }
  return problems;
}

function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().find((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
