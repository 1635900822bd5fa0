import { relative } from 'node:path';
import { formatFailure } from './format-event.ts';
import type { VariantResult } from './types.ts';

/**
 * JUnit XML, the format CI systems read test results from: one testsuite per test, one testcase
 * per variant (named `<profile>.<processManager>`), a failure with the message and the logs of a
 * failed one, `skipped` with its reason. Written by hand: the format is small, and no XML library
 * is worth a dependency for it.
 */
export function junitReport(results: readonly VariantResult[], durationMs: number, cwd = process.cwd()): string {
  const suites = new Map<string, VariantResult[]>();
  for (const result of results) {
    const key = `${result.variant.test.file}\0${result.variant.test.name}`;
    suites.set(key, [...(suites.get(key) ?? []), result]);
  }
  const count = (list: readonly VariantResult[], ...statuses: VariantResult['status'][]) => list.filter((result) => statuses.includes(result.status)).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="procform test" tests="${results.length}" failures="${count(results, 'failed')}" errors="${count(results, 'interrupted')}" skipped="${count(results, 'skipped')}" time="${seconds(durationMs)}">`,
  ];
  for (const list of suites.values()) {
    const test = list[0]!.variant.test;
    const time = list.reduce((sum, result) => sum + result.durationMs, 0);
    lines.push(
      `  <testsuite name="${attribute(test.name)}" file="${attribute(relative(cwd, test.file))}" tests="${list.length}" failures="${count(list, 'failed')}" errors="${count(list, 'interrupted')}" skipped="${count(list, 'skipped')}" time="${seconds(time)}">`,
    );
    for (const result of list) lines.push(...testcase(result));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(result: VariantResult): string[] {
  const { variant } = result;
  const open = `    <testcase classname="${attribute(variant.test.name)}" name="${attribute(`${variant.profile}.${variant.processManager}`)}" time="${seconds(result.durationMs)}"`;
  const machine = result.machineId ? [`      <properties><property name="machine" value="${attribute(result.machineId)}"/></properties>`] : [];
  switch (result.status) {
    case 'passed':
      return machine.length === 0 ? [`${open}/>`] : [`${open}>`, ...machine, '    </testcase>'];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${attribute(result.reason)}"/>`, '    </testcase>'];
    case 'interrupted':
      return [`${open}>`, ...machine, `      <error message="interrupted in ${attribute(result.at.phase)}" type="interrupted"/>`, '    </testcase>'];
    case 'failed': {
      const message = `failed in ${result.at.phase}${result.at.instance ? ` of ${result.at.instance}` : ''}: ${result.message.split('\n')[0]}`;
      return [
        `${open}>`,
        ...machine,
        `      <failure message="${attribute(message)}" type="${attribute(result.at.phase)}">${text(stripColours(formatFailure(result)))}</failure>`,
        '    </testcase>',
      ];
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// XML 1.0 allows no control characters but tab, newline and carriage return, even escaped.
function xmlSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd');
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function stripColours(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\x1b\[[0-9;]*m/g, '');
}
