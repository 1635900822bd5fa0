import pc from 'picocolors';
import type { Capability } from '../backends/types.ts';

const paint: Record<Capability['support'], (text: string) => string> = { native: pc.green, emulated: pc.yellow, dropped: pc.red };

/** `procform build --explain`: per instance, each feature with native / emulated / dropped and why. */
export function formatExplanations(explanations: Record<string, Capability[]>, processManager: string): string {
  const blocks = Object.entries(explanations).map(([instance, capabilities]) => {
    if (capabilities.length === 0) return `${instance}\n  ${pc.dim(`(${processManager} does not report its capabilities)`)}`;
    const width = Math.max(...capabilities.map((capability) => capability.feature.length));
    const lines = capabilities.map(
      (capability) => `  ${capability.feature.padEnd(width)}  ${paint[capability.support](capability.support.padEnd(8))}  ${capability.detail}`,
    );
    return [instance, ...lines].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
