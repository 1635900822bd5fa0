// The minimal /etc of an image: the accounts (root, nobody and, when privileged, the model's own
// users and groups, as upstream's images create them at build time) and the few files the C
// library reads to look names up. Numbers the model leaves open are given here, deterministically,
// so that the same model gives the same image.
import type { ProcessSpec } from '../model/types.ts';

interface Group {
  name: string;
  gid: number;
  /** A base root's group members, comma-separated (the model's groups have none). */
  members?: string;
}

interface User {
  name: string;
  uid: number;
  gid: number;
  description: string;
  home: string;
  shell: string;
}

// Accounts procform numbers itself start where Debian's adduser starts system accounts.
const firstSystemId = 100;

/**
 * `base`: the passwd and group files of the image's lower layer (a Debian root), whose accounts are
 * kept (apt drops privileges to _apt) with the model's added; root's shell is still `shell`.
 */
export function etcFiles(specs: readonly ProcessSpec[], options: { modelAccounts: boolean; shell: string; base?: { passwd: string; group: string } }): Record<string, string> {
  const groups: Group[] = options.base ? parseGroups(options.base.group) : [
    { name: 'root', gid: 0 },
    { name: 'nogroup', gid: 65534 },
  ];
  const users: User[] = options.base ? parseUsers(options.base.passwd) : [
    { name: 'root', uid: 0, gid: 0, description: 'root', home: '/root', shell: options.shell },
    { name: 'nobody', uid: 65534, gid: 65534, description: 'nobody', home: '/nonexistent', shell: '/usr/sbin/nologin' },
  ];
  for (const user of users) if (user.name === 'root') user.shell = options.shell;
  if (options.modelAccounts) addModelAccounts(specs, groups, users);
  return {
    '/etc/passwd': users.map((user) => `${user.name}:x:${user.uid}:${user.gid}:${user.description}:${user.home}:${user.shell}\n`).join(''),
    '/etc/group': groups.map((group) => `${group.name}:x:${group.gid}:${group.members ?? ''}\n`).join(''),
    '/etc/shadow': users.map((user) => `${user.name}:*:1::::::\n`).join(''),
    '/etc/gshadow': groups.map((group) => `${group.name}:*::\n`).join(''),
    '/etc/nsswitch.conf': 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n',
    '/etc/hosts': '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n',
  };
}

function parseUsers(passwd: string): User[] {
  return lines(passwd).map(([name, , uid, gid, description, home, shell]) => ({ name: name!, uid: Number(uid), gid: Number(gid), description: description ?? '', home: home ?? '/', shell: shell ?? '/usr/sbin/nologin' }));
}

function parseGroups(group: string): Group[] {
  return lines(group).map(([name, , gid, members]) => ({ name: name!, gid: Number(gid), ...(members && { members }) }));
}

function lines(text: string): string[][] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).map((line) => line.split(':'));
}

function addModelAccounts(specs: readonly ProcessSpec[], groups: Group[], users: User[]): void {
  const declaredGroups = new Map<string, number | undefined>();
  const declaredUsers = new Map<string, ProcessSpec['credentials']['users'][string]>();
  for (const spec of specs) {
    for (const [name, properties] of Object.entries(spec.credentials.groups)) declaredGroups.set(name, properties.gid ?? declaredGroups.get(name));
    for (const [name, properties] of Object.entries(spec.credentials.users)) declaredUsers.set(name, properties);
  }
  const usedGids = new Set([...groups.map((group) => group.gid), ...[...declaredGroups.values()].filter((gid): gid is number => gid !== undefined)]);
  const usedUids = new Set([...users.map((user) => user.uid), ...[...declaredUsers.values()].map((user) => user.uid).filter((uid): uid is number => uid !== undefined)]);
  const next = (used: Set<number>) => {
    let id = firstSystemId;
    while (used.has(id)) id++;
    used.add(id);
    return id;
  };
  for (const name of [...declaredGroups.keys()].sort()) {
    if (groups.some((group) => group.name === name)) continue;
    groups.push({ name, gid: declaredGroups.get(name) ?? next(usedGids) });
  }
  for (const name of [...declaredUsers.keys()].sort()) {
    if (users.some((user) => user.name === name)) continue;
    const properties = declaredUsers.get(name)!;
    const groupName = properties.group ?? name;
    let group = groups.find((candidate) => candidate.name === groupName);
    if (group === undefined) {
      group = { name: groupName, gid: next(usedGids) };
      groups.push(group);
    }
    users.push({
      name,
      uid: properties.uid ?? next(usedUids),
      gid: group.gid,
      description: properties.description ?? name,
      home: properties.homeDir ?? '/nonexistent',
      shell: properties.shell ?? '/usr/sbin/nologin',
    });
  }
}
