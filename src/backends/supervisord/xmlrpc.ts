// XML-RPC, the protocol of supervisord's control interface, as far as supervisord uses it. Written
// by hand: the npm clients are unmaintained, and supervisord's answers (Python's xmlrpc.client
// output) are a small, regular subset: scalars, arrays, structs and faults.

export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [member: string]: XmlRpcValue };

export function encodeCall(method: string, params: readonly XmlRpcValue[]): string {
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escapeXml(method)}</methodName><params>${params
    .map((param) => `<param>${encodeValue(param)}</param>`)
    .join('')}</params></methodCall>\n`;
}

function encodeValue(value: XmlRpcValue): string {
  if (value === null) return '<value><nil/></value>';
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  return `<value><struct>${Object.entries(value)
    .map(([name, member]) => `<member><name>${escapeXml(name)}</name>${encodeValue(member)}</member>`)
    .join('')}</struct></value>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type XmlRpcResponse = { ok: true; value: XmlRpcValue } | { ok: false; code: number; message: string };

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
}

/** Parses a methodResponse: its one value, or its fault. Throws on anything else. */
export function decodeResponse(xml: string): XmlRpcResponse {
  const tokens = tokenize(xml);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const expect = (kind: Token['kind'], name: string): void => {
    const token = tokens[position++];
    if (token?.kind !== kind || token.name !== name) throw new Error(`malformed XML-RPC response: expected ${kind} <${name}>, got ${token ? `${token.kind} <${token.name}>` : 'the end'}`);
  };
  const text = (): string => {
    const token = peek();
    if (token?.kind !== 'text') return '';
    position += 1;
    return token.name;
  };

  const value = (): XmlRpcValue => {
    expect('open', 'value');
    // Whitespace before a typed value's tag is layout, not a string.
    if (peek()?.kind === 'text' && tokens[position + 1]?.kind === 'open' && peek()!.name.trim() === '') position += 1;
    const next = peek();
    let result: XmlRpcValue;
    if (next === undefined) throw new Error('malformed XML-RPC response: unexpected end');
    if (next.kind === 'text' || (next.kind === 'close' && next.name === 'value')) result = text(); // a bare value is a string
    else if (next.kind === 'empty') {
      position += 1;
      result = next.name === 'nil' ? null : next.name === 'string' ? '' : null;
    } else {
      position += 1;
      const type = next.name;
      switch (type) {
        case 'string':
          result = text();
          break;
        case 'int':
        case 'i4':
        case 'i8':
        case 'double':
          result = Number(text());
          break;
        case 'boolean':
          result = text().trim() === '1';
          break;
        case 'array': {
          expect('open', 'data');
          const items: XmlRpcValue[] = [];
          while (peek()?.kind === 'open' && peek()?.name === 'value') items.push(value());
          expect('close', 'data');
          result = items;
          break;
        }
        case 'struct': {
          const members: Record<string, XmlRpcValue> = {};
          while (peek()?.kind === 'open' && peek()?.name === 'member') {
            position += 1;
            expect('open', 'name');
            const name = text();
            expect('close', 'name');
            members[name] = value();
            expect('close', 'member');
          }
          result = members;
          break;
        }
        default:
          throw new Error(`malformed XML-RPC response: unknown type <${type}>`);
      }
      expect('close', type);
    }
    expect('close', 'value');
    return result;
  };

  expect('open', 'methodResponse');
  if (peek()?.name === 'fault') {
    position += 1;
    const fault = value() as Record<string, XmlRpcValue>;
    return { ok: false, code: Number(fault.faultCode), message: String(fault.faultString) };
  }
  expect('open', 'params');
  expect('open', 'param');
  return { ok: true, value: value() };
}

// Whitespace between elements is dropped; inside <string> and <name> it is the value.
function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<\?[^>]*\?>|<(\/?)([A-Za-z0-9_.:-]+)[^>]*?(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(pattern)) {
    if (match[0].startsWith('<?')) continue;
    if (match[4] !== undefined) {
      const previous = tokens.at(-1);
      const inText = previous?.kind === 'open' && ['string', 'name', 'int', 'i4', 'i8', 'double', 'boolean', 'value'].includes(previous.name);
      if (inText || match[4].trim() !== '') tokens.push({ kind: 'text', name: unescapeXml(match[4]) });
      continue;
    }
    tokens.push({ kind: match[1] === '/' ? 'close' : match[3] === '/' ? 'empty' : 'open', name: match[2]! });
  }
  return tokens;
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity]!;
  });
}
