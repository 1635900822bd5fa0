// The shadow-utils commands for a user or group, as argument lists (no shell), following Dysnomia's
// dysnomia-addusers, which upstream's deployments use, where Debian's defaults would add surprises.
import type { GroupProperties, UserProperties } from '../model/types.ts';

export function groupaddCommand(name: string, properties: GroupProperties): string[] {
  // Without a gid, a system group: service accounts stay out of the range of people's accounts.
  return ['groupadd', ...(properties.gid === undefined ? ['--system'] : ['--gid', String(properties.gid)]), name];
}

export function useraddCommand(name: string, properties: UserProperties): string[] {
  const extraGroups = (properties.extraGroups as string[] | undefined) ?? [];
  return [
    'useradd',
    // Leave /var/log/lastlog and faillog alone: a service account never logs in.
    '--no-log-init',
    ...(properties.uid === undefined ? ['--system'] : ['--uid', String(properties.uid)]),
    // Debian would otherwise create a group named after the user that nobody declared (and that
    // procform would not know to remove); without a group the user gets the system's default one.
    ...(properties.group === undefined ? ['--no-user-group'] : ['--gid', properties.group]),
    ...(extraGroups.length > 0 ? ['--groups', extraGroups.join(',')] : []),
    ...(properties.description === undefined ? [] : ['--comment', properties.description]),
    '--home-dir',
    properties.homeDir ?? '/nonexistent',
    properties.createHomeDir === true ? '--create-home' : '--no-create-home',
    ...(properties.shell === undefined ? [] : ['--shell', properties.shell]),
    name,
  ];
}

/** Home folders are kept: procform never deletes state (as upstream's dysnomia-delusers). */
export function userdelCommand(name: string): string[] {
  return ['userdel', name];
}

export function groupdelCommand(name: string): string[] {
  return ['groupdel', name];
}
