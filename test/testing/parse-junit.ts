import { spawnSync } from 'node:child_process';

export interface ParsedJunit {
  root: string;
  attributes: Record<string, string>;
  cases: { name: string; classname: string; time: string; children: { tag: string; message: string | null; text: string | null }[] }[];
}

/** Parses JUnit XML with Python's XML parser (every Debian has python3): the judge of well-formedness is not our own code. */
export function parseJunit(xml: string): ParsedJunit {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
cases = [{"name": c.get("name"), "classname": c.get("classname"), "time": c.get("time"),
          "children": [{"tag": e.tag, "message": e.get("message"), "text": e.text} for e in c if e.tag != "properties"]}
         for c in root.iter("testcase")]
print(json.dumps({"root": root.tag, "attributes": root.attrib, "cases": cases}))`;
  const result = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`not well-formed XML: ${result.stderr}`);
  return JSON.parse(result.stdout) as ParsedJunit;
}
