// The screenshots in docs/ are made by the tests that drive the real views, so they stay current:
// `UPDATE_SCREENSHOTS=1 npx vitest run test/live` writes them; other runs write nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.ts';

export const updatingScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

/** Where a screenshot of the docs lives (docs/images/NAME). */
export function screenshotPath(name: string): string {
  const dir = join(repoRoot, 'docs/images');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Writes a text screenshot (a terminal's screen) when screenshots are being updated. */
export function saveTextScreenshot(name: string, screen: string): void {
  if (updatingScreenshots) writeFileSync(screenshotPath(name), `${screen.trimEnd()}\n`);
}
