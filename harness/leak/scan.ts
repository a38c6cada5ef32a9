// Searches recorded bytes for secrets (content canaries, consumer phone
// numbers) in any form: every exchange is split into parts (URL, each header,
// body), each part decoded recursively into views (harness/leak/views.ts), and
// every view searched for the secrets' direct forms, case-folded, and for
// their digests. A finding names the whole chain, e.g.
// `phone → sha256 → hex in field "u" of POST /sinks/telemetry (#12, sink)`.

import type { Exchange } from '../core/wire-log.ts';
import { digestNeedles, directNeedles, type Needle, type Secret } from './needles.ts';
import { allViews, DEFAULT_LIMITS, inflateRawBody, type Step, type View, type ViewLimits } from './views.ts';

export type { Secret } from './needles.ts';

export interface LeakFinding {
  /** The secret's value. */
  canary: string;
  secret: Secret;
  /** How it was disguised, outermost last: `sha256 → hex`. Kept as `form` for older callers. */
  form: string;
  /** The container path and exchange: `field "u" of POST /sinks/telemetry (#3, sink)`. */
  where: string;
  /** The whole story in one line. */
  chain: string;
  exchange?: Exchange;
  /** Container steps, innermost last (`header "x-a"`, `field "u"`), for allow-lists. */
  containers: string[];
}

/** The part of an exchange a view started from. */
export interface Origin {
  label: string;
  exchange?: Exchange;
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, c) => c);
const LOWER = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c));
const lowerAscii = (b: Buffer): Buffer => Buffer.from(b.map((c) => LOWER[c]!));

/** Needles indexed by their first two bytes, so one pass over a view finds every candidate. */
class NeedleIndex {
  readonly #first = new Uint8Array(65536);
  readonly #byPrefix = new Map<number, Needle[]>();
  minLength = Infinity;

  add(n: Needle): void {
    if (n.bytes.length < 2) return;
    const k = n.bytes[0]! | (n.bytes[1]! << 8);
    this.#first[k] = 1;
    const list = this.#byPrefix.get(k);
    if (list) list.push(n);
    else this.#byPrefix.set(k, [n]);
    this.minLength = Math.min(this.minLength, n.bytes.length);
  }

  get size(): number {
    return this.#byPrefix.size;
  }

  /** Calls `hit` for every needle that occurs in `b` (ASCII case-folded first when `fold`). */
  search(b: Buffer, hit: (n: Needle) => void, fold = false): void {
    const first = this.#first;
    const end = b.length - this.minLength;
    const m = fold ? LOWER : IDENTITY;
    for (let i = 0; i <= end; i++) {
      const k = m[b[i]!]! | (m[b[i + 1]!]! << 8);
      if (first[k] === 0) continue;
      for (const n of this.#byPrefix.get(k)!) {
        const len = n.bytes.length;
        if (i + len > b.length) continue;
        if (!fold) {
          if (b.compare(n.bytes, 0, len, i, i + len) === 0) hit(n);
          continue;
        }
        let j = 2;
        while (j < len && m[b[i + j]!] === n.bytes[j]) j++;
        if (j === len) hit(n);
      }
    }
  }
}

export class LeakScanner {
  /** Direct forms and digests, matched byte for byte. */
  readonly #exact = new NeedleIndex();
  /** Lower-cased raw secrets, searched in case-folded views. */
  readonly #folded = new NeedleIndex();
  readonly #limits: ViewLimits;

  constructor(secrets: ReadonlyArray<string | Secret>, limits: ViewLimits = DEFAULT_LIMITS) {
    this.#limits = limits;
    for (const s0 of secrets) {
      const s: Secret = typeof s0 === 'string' ? { value: s0, kind: 'content' } : s0;
      for (const n of directNeedles(s)) this.#exact.add(n);
      for (const n of digestNeedles(s)) this.#exact.add(n);
      if (/[A-Z]/.test(s.value)) this.#folded.add({ secret: s, chain: ['case-folded'], bytes: lowerAscii(Buffer.from(s.value, 'utf8')) });
    }
  }

  /** Findings in one view; at most one per secret and disguise. */
  #searchView(v: View, report: (n: Needle, v: View) => void): void {
    const b = v.bytes;
    const hit = new Set<Needle>();
    this.#exact.search(b, (n) => hit.add(n));
    if (this.#folded.size > 0) {
      const raw = new Set([...hit].filter((n) => n.chain.length === 0).map((n) => n.secret));
      // Found in its own case already: not a case-folding.
      this.#folded.search(
        b,
        (n) => {
          if (!raw.has(n.secret)) hit.add(n);
        },
        true,
      );
    }
    for (const n of hit) report(n, v);
  }

  /** Scans bytes that came from `origin` (a part of an exchange, or a stored record). */
  scanBytes(bytes: Buffer, origin: Origin): LeakFinding[] {
    const findings: LeakFinding[] = [];
    const seen = new Set<string>();
    for (const v of allViews({ bytes, steps: [] }, this.#limits)) {
      if (v.container) continue;
      this.#searchView(v, (n, view) => {
        const f = describe(n, view.steps, origin);
        const key = `${f.canary}|${f.chain}`;
        if (!seen.has(key)) {
          seen.add(key);
          findings.push(f);
        }
      });
    }
    return findings;
  }

  scanExchange(x: Exchange): LeakFinding[] {
    const where = `${x.method} ${x.url} (#${x.seq}, ${x.channel})`;
    const out: LeakFinding[] = [];
    const [path, query] = splitUrl(x.url);
    out.push(...this.scanBytes(Buffer.from(path, 'latin1'), { label: `URL path of ${where}`, exchange: x }));
    if (query !== '') out.push(...this.scanBytes(Buffer.from(query, 'latin1'), { label: `URL query of ${where}`, exchange: x }));
    for (const [k, v] of Object.entries(x.requestHeaders)) {
      out.push(...this.scanBytes(Buffer.from(v, 'latin1'), { label: `header "${k}" of ${where}`, exchange: x }));
    }
    out.push(...this.scanBytes(x.requestBody, { label: `body of ${where}`, exchange: x }));
    if (/deflate/i.test(x.requestHeaders['content-encoding'] ?? '')) {
      const inflated = inflateRawBody(x.requestBody);
      if (inflated) out.push(...this.scanBytes(inflated, { label: `body (raw deflate) of ${where}`, exchange: x }));
    }
    return out;
  }

  scan(exchanges: readonly Exchange[]): LeakFinding[] {
    return exchanges.flatMap((x) => this.scanExchange(x));
  }
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function describe(n: Needle, steps: readonly Step[], origin: Origin): LeakFinding {
  const label = n.secret.label ?? n.secret.kind;
  // Read inside out: the secret, how it was transformed, then each step outward.
  const encodings: string[] = [...n.chain];
  let story = [label, ...n.chain].join(' → ');
  const containers: string[] = [];
  for (const s of [...steps].reverse()) {
    if (s.kind === 'decoding') {
      encodings.push(s.name);
      story += ` → ${s.name}`;
    } else {
      containers.push(s.name);
      story += ` in ${s.name}`;
    }
  }
  story += ` in ${origin.label}`;
  const form = encodings.length === 0 ? 'raw' : encodings.join(' → ');
  return {
    canary: n.secret.value,
    secret: n.secret,
    form,
    where: containers.length > 0 ? `${containers.join(' in ')} in ${origin.label}` : origin.label,
    chain: story,
    exchange: origin.exchange,
    containers: containers.reverse(),
  };
}

/** Every finding of any secret in the exchanges (the first scanner's interface). */
export function scanExchanges(exchanges: readonly Exchange[], secrets: ReadonlyArray<string | Secret>): LeakFinding[] {
  return new LeakScanner(secrets).scan(exchanges);
}
