// What the scanner looks for. A secret (a content canary or a consumer phone
// number) becomes two kinds of needle: byte patterns searched directly in every
// decoded view (its encodings that survive inside longer text), and digests
// (md5/sha1/sha256/sha512, one or two layers) matched against the raw bytes of
// every view. Hex and base64 digests need no patterns of their own: the views
// decode hex and base64 tokens, so a digest is always met as raw bytes.

import { createHash } from 'node:crypto';
import { formsOf } from './forms.ts';

export type SecretKind = 'content' | 'phone';

export interface Secret {
  value: string;
  kind: SecretKind;
  /** How a finding names it (`content`, `phone`, or something the case chose). */
  label?: string;
}

export interface Needle {
  secret: Secret;
  /** From the secret to these bytes, e.g. ['+44 7700 900123', 'url-encoded']. */
  chain: string[];
  bytes: Buffer;
}

export const HASHES = ['md5', 'sha1', 'sha256', 'sha512'] as const;

/** Ways people write one phone number; hashed and searched as-is. */
export function phoneVariants(phone: string): string[] {
  const d = phone.replace(/^\+/, '');
  const out = new Set([d, `+${d}`, `00${d}`]);
  for (let cc = 1; cc <= 3 && cc < d.length - 4; cc++) {
    const rest = d.slice(cc);
    out.add(`+${d.slice(0, cc)} ${rest}`);
    out.add(`+${d.slice(0, cc)}-${rest}`);
    out.add(`+${d.slice(0, cc)} ${rest.slice(0, 4)} ${rest.slice(4)}`);
    out.add(`+${d.slice(0, cc)} ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`);
  }
  if (d.length === 11 && d.startsWith('1')) out.add(`+1 (${d.slice(1, 4)}) ${d.slice(4, 7)}-${d.slice(7)}`);
  return [...out];
}

function variants(s: Secret): Array<{ text: string; name: string | null }> {
  if (s.kind === 'phone') {
    const digits = s.value.replace(/^\+/, '');
    return phoneVariants(s.value).map((v) => ({ text: v, name: v === digits ? null : `"${v}"` }));
  }
  const lower = s.value.toLowerCase();
  return lower === s.value ? [{ text: s.value, name: null }] : [{ text: s.value, name: null }, { text: lower, name: 'lower-case' }];
}

const DIRECT_FORMS = new Set(['raw', 'url-encoded', 'json-escaped']);

/** Byte patterns for direct search. Case-folded views cover lower/upper case. */
export function directNeedles(s: Secret): Needle[] {
  const out: Needle[] = [];
  const vs = variants(s);
  vs.forEach(({ text, name }, i) => {
    // Formatted phone numbers are looked for as text only; their encodings are covered by decoding.
    const full = i === 0 || (s.kind === 'phone' && text === `+${vs[0]!.text}`);
    for (const f of formsOf(text)) {
      if (f.name === 'lower-case' || f.name === 'upper-case') continue;
      if (!full && !DIRECT_FORMS.has(f.name)) continue;
      out.push({ secret: s, chain: [...(name ? [name] : []), ...(f.name === 'raw' ? [] : [f.name])], bytes: f.bytes });
    }
  });
  return out;
}

const digest = (alg: string, data: Buffer): Buffer => createHash(alg).update(data).digest();

/** Digests of every variant, one layer and two (over the raw digest and over its hex). */
export function digestNeedles(s: Secret): Needle[] {
  const out: Needle[] = [];
  for (const { text, name } of variants(s)) {
    const base = name ? [name] : [];
    for (const a1 of HASHES) {
      const d1 = digest(a1, Buffer.from(text, 'utf8'));
      out.push({ secret: s, chain: [...base, a1], bytes: d1 });
      const hex = Buffer.from(d1.toString('hex'));
      for (const a2 of HASHES) {
        out.push({ secret: s, chain: [...base, a1, a2], bytes: digest(a2, d1) });
        out.push({ secret: s, chain: [...base, a1, 'hex', a2], bytes: digest(a2, hex) });
      }
    }
  }
  return out;
}
