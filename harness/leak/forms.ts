// The encodings a canary may hide in. Each form is a byte pattern to look for
// in raw recorded bytes, named so a finding says how the canary was disguised.

export interface LeakForm {
  name: string;
  bytes: Buffer;
}

/**
 * Base64 of `token` at each of the three alignments it can take inside a
 * longer encoded string, keeping only the characters that do not depend on
 * the neighbouring bytes.
 */
function base64Alignments(token: Buffer, urlSafe: boolean): Buffer[] {
  const out: Buffer[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), token]).toString(urlSafe ? 'base64url' : 'base64').replace(/=+$/, '');
    // Characters covering the padding bytes, and the last (partial) group, depend on neighbours.
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + token.length) * 4) / 3);
    if (end - start >= 8) out.push(Buffer.from(enc.slice(start, end)));
  }
  return out;
}

export function formsOf(token: string): LeakForm[] {
  const utf8 = Buffer.from(token, 'utf8');
  const forms: LeakForm[] = [
    { name: 'raw', bytes: utf8 },
    { name: 'lower-case', bytes: Buffer.from(token.toLowerCase()) },
    { name: 'upper-case', bytes: Buffer.from(token.toUpperCase()) },
    { name: 'url-encoded', bytes: Buffer.from(encodeURIComponent(token)) },
    { name: 'json-escaped', bytes: Buffer.from(JSON.stringify(token).slice(1, -1)) },
    { name: 'hex', bytes: Buffer.from(utf8.toString('hex')) },
    { name: 'HEX', bytes: Buffer.from(utf8.toString('hex').toUpperCase()) },
    { name: 'utf-16le', bytes: Buffer.from(token, 'utf16le') },
    { name: 'utf-16be', bytes: Buffer.from(token, 'utf16le').swap16() },
  ];
  base64Alignments(utf8, false).forEach((b, i) => forms.push({ name: `base64@${i}`, bytes: b }));
  base64Alignments(utf8, true).forEach((b, i) => forms.push({ name: `base64url@${i}`, bytes: b }));
  // Drop forms identical to an earlier one (an ASCII token's url-encoding is itself).
  const seen = new Set<string>();
  return forms.filter((f) => {
    const k = f.bytes.toString('latin1');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
