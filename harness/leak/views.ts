// Recursive decoding of recorded bytes into views. A view is some bytes and
// the steps that led to them from the exchange: containers (`field "u"`,
// `header "x-a"`, `query "q"`) and decodings (`base64`, `hex`, `gzip`, …). The
// scanner searches every view; a container view (JSON, a query string) is
// only taken apart, its own bytes are met again in its children.

import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

export interface Step {
  kind: 'container' | 'decoding';
  name: string;
}

export interface View {
  bytes: Buffer;
  steps: Step[];
  /** A container's bytes are searched only through its children. */
  container?: boolean;
}

export interface ViewLimits {
  maxDepth: number;
  /** Decoded bytes per root, beyond the root itself. */
  maxDecodedBytes: number;
}

export const DEFAULT_LIMITS: ViewLimits = { maxDepth: 6, maxDecodedBytes: 16 * 1024 * 1024 };

const MIN_TOKEN = 16;
const BASE64_TOKEN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_TOKEN = /[0-9a-fA-F]{16,}/g;
const DIGITS = /^[0-9]+$/;

const container = (name: string): Step => ({ kind: 'container', name });
const decoding = (name: string): Step => ({ kind: 'decoding', name });

function looksJson(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b || c === 0x5b; // { [
  }
  return false;
}

/** Strings, numbers and keys of a JSON value, each with the path that reaches it. */
function jsonLeaves(v: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof v === 'string') out.push([path, v]);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push([path, String(v)]);
  else if (Array.isArray(v)) v.forEach((x, i) => jsonLeaves(x, path === '' ? String(i) : `${path}.${i}`, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = path === '' ? k : `${path}.${k}`;
      out.push([`key of ${p}`, k]);
      jsonLeaves(x, p, out);
    }
  }
}

function percentDecode(s: string): Buffer | null {
  if (!/%[0-9a-fA-F]{2}/.test(s)) return null;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

const QUERY = /^[A-Za-z_][\w.\-[\]]{0,63}=(?!=)[^&\s]+(?:&[A-Za-z_][\w.\-[\]]{0,63}=[^&\s]*)*$/;

function queryPairs(s: string): Array<[string, string]> | null {
  if (!QUERY.test(s)) return null;
  return s.split('&').map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i), p.slice(i + 1)];
  });
}

/** Mostly printable ASCII/UTF-8: decode tokens in it; otherwise try decompressing it. */
function isText(b: Buffer): boolean {
  const n = Math.min(b.length, 512);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) bad++;
  }
  return bad * 20 <= n;
}

function inflate(b: Buffer, max: number): Array<[string, Buffer]> {
  const opts = { maxOutputLength: Math.max(1, max) };
  const tryIt = (name: string, f: () => Buffer): Array<[string, Buffer]> => {
    try {
      const out = f();
      return out.length > 0 ? [[name, out]] : [];
    } catch {
      return [];
    }
  };
  if (b.length >= 18 && b[0] === 0x1f && b[1] === 0x8b) return tryIt('gzip', () => gunzipSync(b, opts));
  if (b.length >= 6 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0) return tryIt('deflate', () => inflateSync(b, opts));
  return [];
}

/** A body sent with `Content-Encoding: deflate` may be raw deflate, which has no magic to recognise. */
export function inflateRawBody(b: Buffer, max = DEFAULT_LIMITS.maxDecodedBytes): Buffer | null {
  try {
    const out = inflateRawSync(b, { maxOutputLength: max });
    return out.length > 0 ? out : null;
  } catch {
    return null;
  }
}

/** The views one level down from `v`; marks `v` a container when it was taken apart. */
export function children(v: View, budget: { bytes: number }): View[] {
  const out: View[] = [];
  const add = (bytes: Buffer, step: Step): void => {
    if (bytes.length === 0 || budget.bytes < bytes.length) return;
    budget.bytes -= bytes.length;
    out.push({ bytes, steps: [...v.steps, step] });
  };
  const b = v.bytes;
  if (b.length === 0) return out;
  if (!isText(b)) {
    for (const [name, bytes] of inflate(b, budget.bytes)) add(bytes, decoding(name));
    return out;
  }
  const s = b.toString('latin1');
  if (looksJson(b)) {
    try {
      const leaves: Array<[string, string]> = [];
      jsonLeaves(JSON.parse(b.toString('utf8')), '', leaves);
      for (const [path, text] of leaves) add(Buffer.from(text, 'utf8'), container(path.startsWith('key of ') ? path : `field "${path}"`));
      v.container = true;
      return out;
    } catch {
      // Not JSON after all: searched as text below.
    }
  }
  const pairs = b.length < 8192 && s.includes('=') ? queryPairs(s) : null;
  if (pairs) {
    for (const [k, val] of pairs) {
      add(Buffer.from(k, 'latin1'), container(`key of query "${k}"`));
      add(Buffer.from(val, 'latin1'), container(`query "${k}"`));
    }
    v.container = true;
    return out;
  }
  const unescaped = percentDecode(s);
  if (unescaped) add(unescaped, decoding('url-encoded'));
  for (const m of s.matchAll(BASE64_TOKEN)) {
    const tok = m[0];
    if (DIGITS.test(tok)) continue;
    const bytes = Buffer.from(tok, 'base64');
    if (bytes.length >= 8) add(bytes, decoding(/[-_]/.test(tok) ? 'base64url' : 'base64'));
  }
  for (const m of s.matchAll(HEX_TOKEN)) {
    const tok = m[0];
    const even = tok.length - (tok.length % 2);
    add(Buffer.from(tok.slice(0, even), 'hex'), decoding('hex'));
    if (tok.length % 2 === 1) add(Buffer.from(tok.slice(1), 'hex'), decoding('hex'));
  }
  return out;
}

/** Every view reachable from `root`, depth first, within the limits. */
export function* allViews(root: View, limits: ViewLimits = DEFAULT_LIMITS): Generator<View> {
  const budget = { bytes: Math.max(limits.maxDecodedBytes, root.bytes.length * 4) };
  const stack: Array<[View, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    const below = depth >= limits.maxDepth || v.bytes.length < MIN_TOKEN / 2 ? [] : children(v, budget);
    yield v;
    for (const c of below) stack.push([c, depth + 1]);
  }
}
