// A valid send request with one field made hostile: a hostile string (NUL,
// injection, format strings, path traversal, prototype keys, lone
// surrogates escaped, bidi controls), a value of the wrong JSON type, an
// unknown field, or duplicate keys. Any answer but a 5xx or a hang is
// allowed: some of these are valid sends.

import fc from 'fast-check';

export interface HostileRequest {
  what: string;
  /** The raw JSON text sent (duplicate keys cannot be built as an object). */
  json: string;
}

export interface HostileRequestConstraints {
  valid: Record<string, unknown>;
}

export const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '\u0000\u0000\u0000', "'; DROP TABLE messages; --", '" OR 1=1 --', '%s%s%n%x', '{{7*7}}', '${jndi:ldap://x}',
  '../../../../etc/passwd', '__proto__', 'constructor', '<script>alert(1)</script>', '\u202E\u2066', '\uFFFF\uFFFE', '\\ud800',
  'a'.repeat(70_000), '😀'.repeat(5000), '\r\nX-Injected: 1', 'NaN', '-1', '',
];

type Path = (string | number)[];

function leaves(v: unknown, path: Path = []): Path[] {
  if (Array.isArray(v)) return [path, ...v.flatMap((x, i) => leaves(x, [...path, i]))];
  if (typeof v === 'object' && v !== null) return [path, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))];
  return [path];
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: Record<string | number, unknown> = Array.isArray(root) ? [...(root as unknown[])] as unknown as Record<number, unknown> : { ...(root as Record<string, unknown>) };
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}

export function hostileRequest({ valid }: HostileRequestConstraints): fc.Arbitrary<HostileRequest> {
  const paths = leaves(valid).filter((p) => p.length > 0);
  // Leaves inside the message object carry content: the likeliest place for a crash past validation.
  const content = paths.filter((p) => p[0] === valid.type && typeof p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], valid) === 'string');
  const path = content.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...content) }, { weight: 2, arbitrary: fc.constantFrom(...paths) }) : fc.constantFrom(...paths);
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }).map((s) => `${s}\u0000${s}`) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, 0, -1, 1e308, [], {}, [[[]]], JSON.parse('{"__proto__":{"polluted":1}}')) },
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(path, value).map(([p, v]) => ({ what: `${p.join('.')} = ${JSON.stringify(v)?.slice(0, 60)}`, json: JSON.stringify(setAt(valid, p, v)) })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'unknown_field', 'x'.repeat(1000)), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 8))).map(([k, v]) => ({
        what: `unknown field ${k.slice(0, 20)}`,
        json: `{${JSON.stringify(k)}:${JSON.stringify(v)},${JSON.stringify(valid).slice(1)}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('type', 'to', 'messaging_product').map((k) => ({
        what: `duplicate key ${k}`,
        json: `{${JSON.stringify(k)}:${JSON.stringify(HOSTILE_STRINGS[3])},${JSON.stringify(valid).slice(1)}`,
      })),
    },
  );
}
