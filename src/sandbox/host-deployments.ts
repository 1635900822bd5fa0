// What procform deployments on the host left where a sandbox would see it. A sandbox's /etc and
// /var are copy-on-write views of the host's, so a deployment made on the host with the default
// folders (the README's first line, as root: /var/lib/procform, /var/log, /etc/procform and its
// accounts) would show up in every test machine: its generations as the machine's own, its log
// lines mixed into the machine's, its accounts as if someone else had made them. The sandbox hides
// all of it (see init-script.ts); this finds it, from the host's files, before the sandbox starts.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostDeployments {
  /** procform's own state (store, profiles, supervisord's folder; the accounts record): each hidden behind an empty folder. */
  folders: string[];
  /** Files the deployments' processes wrote (logs, PID files) and units they installed: removed inside. */
  files: string[];
  /** Accounts procform created on the host: removed inside. */
  users: string[];
  groups: string[];
}

/** The host's default (privileged) deployments, as seen from `root` (the host's `/`; tests give a folder of their own). */
export function hostDeployments(root = '/'): HostDeployments {
  const libDir = join(root, 'var/lib/procform');
  const recordDir = join(root, 'etc/procform');
  const found: HostDeployments = { folders: [libDir, recordDir].filter((folder) => existsSync(folder)), files: [], users: [], groups: [] };
  for (const record of [join(recordDir, 'accounts.json'), join(libDir, 'accounts.json')]) {
    const accounts = readJson(record) as { users?: Record<string, unknown>; groups?: Record<string, unknown> } | undefined;
    found.users.push(...Object.keys(accounts?.users ?? {}));
    found.groups.push(...Object.keys(accounts?.groups ?? {}));
  }
  for (const manifest of manifestsIn(join(libDir, 'profiles'))) found.files.push(...writtenFiles(manifest));
  const units = join(root, 'etc/systemd/system');
  found.files.push(...listing(units).filter((entry) => /^procform-.*\.service$/.test(entry)).map((entry) => join(units, entry)));
  const unique = (names: string[]) => [...new Set(names)].filter((name) => !name.includes('\n')).sort();
  return { folders: found.folders, files: unique(found.files), users: unique(found.users), groups: unique(found.groups) };
}

interface ManifestTraces {
  dirs?: { logDir?: string };
  instances?: Record<string, { name?: string; spec?: { pidFile?: string } }>;
}

/** The manifests of every generation and unfinished switch in a profiles folder (damaged ones are skipped). */
function manifestsIn(profilesDir: string): ManifestTraces[] {
  const profiles = new Set<string>();
  for (const entry of listing(profilesDir)) {
    const path = join(profilesDir, entry);
    if (/-\d+-link$/.test(entry)) profiles.add(readLink(path));
    if (entry.endsWith('.switching')) {
      const journal = readJson(path) as { from?: unknown; to?: unknown } | undefined;
      for (const end of [journal?.from, journal?.to]) if (typeof end === 'string') profiles.add(end);
    }
  }
  return [...profiles].map((profile) => readJson(join(profile, 'manifest.json')) as ManifestTraces | undefined).filter((manifest) => manifest !== undefined);
}

/** Every backend writes an instance's output to <logDir>/<name>.log (rotated: .log.N), and its own log beside them. */
function writtenFiles(manifest: ManifestTraces): string[] {
  const logDir = manifest.dirs?.logDir;
  const instances = Object.values(manifest.instances ?? {});
  const files = instances.map((instance) => instance.spec?.pidFile).filter((file): file is string => typeof file === 'string' && existsSync(file));
  if (logDir === undefined) return files;
  const logNames = new Set(['procform-builtin', 'procform-supervisord', ...instances.map((instance) => instance.name).filter((name) => name !== undefined)]);
  for (const entry of listing(logDir)) {
    const match = /^(.*)\.log(\.\d+)?$/.exec(entry);
    if (match && logNames.has(match[1]!)) files.push(join(logDir, entry));
  }
  return files;
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function readLink(link: string): string {
  try {
    const target = readlinkSync(link);
    return target.startsWith('/') ? target : join(dirname(link), target);
  } catch {
    return link;
  }
}

/** A JSON file's content, or undefined when it is missing or unreadable: what cannot be read cannot be hidden file by file (its folder still is). */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
