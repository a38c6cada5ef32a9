// Request bodies a Graph API must refuse with a 4xx Graph error, never a 5xx
// or a hang: truncated or non-JSON text, invalid UTF-8, deep nesting, bodies
// over any sane limit (at most 3 MB), empty bodies, and content types that
// are not JSON. Each says what it is.

import fc from 'fast-check';

export interface MalformedBody {
  what: string;
  body: Buffer;
  contentType?: string;
}

export interface MalformedBodyConstraints {
  /** A valid send request to mangle. */
  valid: Record<string, unknown>;
  /** Largest body in bytes (default 3 MB). */
  maxBytes?: number;
}

const isJson = (b: Buffer): boolean => {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b));
    return true;
  } catch {
    return false;
  }
};

export function malformedBody({ valid, maxBytes = 3_000_000 }: MalformedBodyConstraints): fc.Arbitrary<MalformedBody> {
  if (maxBytes < 1_100_000 || maxBytes > 8_000_000) throw new RangeError('malformedBody: maxBytes must be from 1.1 MB to 8 MB');
  const text = JSON.stringify(valid);
  // A send that can never succeed (no `to`), so only the framing is under test.
  const { to: _to, ...noTo } = valid;
  const unsendable = JSON.stringify(noTo);
  const invalidJson = Buffer.from(unsendable);
  return fc.oneof(
    fc.integer({ min: 1, max: text.length - 1 }).map((n) => {
      const b = Buffer.from(text.slice(0, n));
      return { what: `JSON cut after ${n} characters`, body: isJson(b) ? Buffer.concat([b, Buffer.from('{')]) : b };
    }),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => {
      const b = Buffer.from(bytes);
      return { what: 'random bytes', body: isJson(b) ? Buffer.concat([b, Buffer.from('}')]) : b };
    }),
    fc.constantFrom('not json', '<xml/>', "{'single':'quotes'}", '{"a":1,}', '{"a":NaN}', '{"a":01}', 'null', '[]', '"whatsapp"', '{"a":"\\x41"}', '\uFEFF{}').map((s) => ({ what: `not a JSON object: ${s}`, body: Buffer.from(s) })),
    fc.tuple(fc.integer({ min: 1, max: unsendable.length - 2 }), fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82])).map(([at, bad]) => {
      // Inside the first string value that starts after `at`, so only the encoding is wrong. In the
      // send without `to`: a decoder that replaces bad bytes (U+FFFD) still meets a send it must refuse.
      const q = unsendable.indexOf('"', at);
      const i = q < 0 ? 2 : q + 1;
      return { what: `invalid UTF-8 bytes ${bad.map((x) => x.toString(16)).join(' ')} at byte ${i}`, body: Buffer.concat([Buffer.from(unsendable.slice(0, i)), Buffer.from(bad), Buffer.from(unsendable.slice(i))]) };
    }),
    fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.boolean()).map(([depth, objects]) => ({
      what: `${depth} levels of nested ${objects ? 'objects' : 'arrays'}`,
      body: Buffer.from(objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`),
    })),
    fc.integer({ min: 1_100_000, max: maxBytes }).map((n) => ({
      what: `a ${n}-byte body`,
      body: Buffer.from(JSON.stringify({ ...noTo, padding: 'a'.repeat(n) })),
    })),
    fc.constant({ what: 'an empty body', body: Buffer.alloc(0) }),
    fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/json; charset=utf-16').map((ct) => ({
      what: `Content-Type ${ct}`,
      body: invalidJson,
      contentType: ct,
    })),
  );
}
