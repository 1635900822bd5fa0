/** At most `width` characters (code points): cut with … when longer, padded with spaces to `width` when `pad`. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const characters = [...text];
  const cut = characters.length > width ? `${characters.slice(0, width - 1).join('')}…` : text;
  return pad ? cut + ' '.repeat(Math.max(0, width - Math.min(characters.length, width))) : cut;
}
