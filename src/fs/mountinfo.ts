// /proc/self/mountinfo, as far as procform reads it.

/** mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040 …): undone. */
export function unescapeMountinfo(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Every mount point a mountinfo text lists (its fifth field). */
export function mountPointsIn(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => unescapeMountinfo(line.split(' ')[4]!));
}
