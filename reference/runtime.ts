import type { Statement } from 'better-sqlite3';
import { ReferenceFailure } from './errors.ts';
import type { Db } from './db.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { AtRest, DEFAULT_REGION } from './at-rest.ts';
import type { Seams } from './seams.ts';

export interface TransportConfig {
  url: string;
  token: string;
}

/**
 * The state every module shares: the database, the seams in force, the
 * virtual clock and the bookkeeping that `idle` and `reset` need.
 */
export class Runtime {
  readonly db: Db;
  readonly seams: Seams;
  /** Per remote address (business|consumer) Signal serialisation. */
  readonly sessions = new KeyedQueue();
  /** Bumped by every reset; work started under an older generation must not write. */
  generation = 0;
  private readonly statements = new Map<string, Statement>();

  /** Keys for encryption and tokens at rest (issue 6). */
  readonly atRest: AtRest;

  constructor(db: Db, seams: Seams, atRest: AtRest) {
    this.db = db;
    this.seams = seams;
    this.atRest = atRest;
    // The clock starts at the wall clock once, when the database is new; from
    // then on only reset and advance move it, across restarts too.
    if (this.meta('clock_ms') === undefined) this.setMeta('clock_ms', String(Date.now()));
  }

  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  meta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Virtual time in ms (PROTOCOL §3). */
  now(): number {
    return Number(this.meta('clock_ms'));
  }

  setNow(ms: number): void {
    this.setMeta('clock_ms', String(ms));
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  transport(): TransportConfig {
    const url = this.meta('transport_url');
    const token = this.meta('transport_token');
    if (url === undefined || token === undefined) {
      throw new ReferenceFailure('REF_NOT_RESET', 'no transport configured: POST /conformance/v0/reset first');
    }
    return { url: url.replace(/\/+$/, ''), token };
  }

  /** Throws when `generation` is older than the current one, so stale work stops before it writes. */
  guard(generation: number): void {
    if (generation !== this.generation) {
      throw new ReferenceFailure('REF_STALE_WORK', 'work started before the last reset was abandoned');
    }
  }

  // --- retention and Local Storage (issue 6)

  /** The Local Storage region a business's data lives in: its registration's, else US. */
  regionOf(businessId: string): string {
    const row = this.stmt('SELECT region FROM registrations WHERE business = ?').get(businessId) as { region: string | null } | undefined;
    return this.seams.storeRegion(row?.region ?? DEFAULT_REGION);
  }

  /** What is written to the database for content of `businessId`: sealed under its region's key. */
  seal(businessId: string, plain: Uint8Array): Buffer {
    const region = this.regionOf(businessId);
    return this.seams.storedContent(this.atRest.seal(region, plain), Buffer.from(plain));
  }

  open(stored: Buffer): Buffer {
    return this.atRest.open(stored);
  }

  /** The token that stands for a consumer's number (or Signal address) in `businessId`'s records. */
  token(businessId: string, value: string): string {
    const v = value.replace(/^\+/, '');
    return this.seams.consumerToken(this.atRest.token(this.regionOf(businessId), v), v);
  }

  /** A consumer's number as stored (token and sealed copy). */
  consumerAtRest(businessId: string, number: string): { token: string; sealed: Buffer } {
    return { token: this.token(businessId, number), sealed: this.seal(businessId, Buffer.from(number, 'utf8')) };
  }
}
