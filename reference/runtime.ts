import type { Statement } from 'better-sqlite3';
import { ReferenceFailure } from './errors.ts';
import { wipe, type Db } from './db.ts';
import type { Business } from './types.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { AtRest } from './at-rest.ts';
import type { Seams } from './seams.ts';
import { DEFAULT_REGION } from './durations.ts';

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
  /** One-time keys used by Signal operations whose writes are not committed yet (signal-store.ts HeldWrites). */
  readonly claims = new Set<string>();
  private readonly statements = new Map<string, Statement>();
  // Read-through caches for what nearly every request reads and almost
  // nothing writes: at a thousand messages a second these lookups were a
  // fifth of the reference's profile. Every write goes through this class
  // (setMeta, wipe, businessesChanged, registrationChanged), which drops them.
  private readonly metaCache = new Map<string, string | undefined>();
  private readonly regionCache = new Map<string, string>();
  private readonly deferred: Array<{ generation: number; write: () => void }> = [];
  private readonly tokenCache = new Map<string, string>();
  private businessCache: readonly Business[] | undefined;

  /** Keys for encryption and tokens at rest (at-rest.ts). */
  readonly atRest: AtRest;
  /**
   * When this life of the target began on the virtual clock: a restart starts
   * a new life on the same file; a reset starts one with nothing before it (-∞).
   * Only faults read it, to forget what a target keeping state in memory would.
   */
  lifeStartMs: number;
  /** Called when a PreKey message consumed one of a business's one-time prekeys (key-maintenance.ts tops up). */
  preKeyUsed: (businessId: string) => void = () => {};

  constructor(db: Db, seams: Seams, atRest: AtRest) {
    this.db = db;
    this.seams = seams;
    this.atRest = atRest;
    // The clock starts at the wall clock once, when the database is new; from
    // then on only reset and advance move it, across restarts too.
    if (this.meta('clock_ms') === undefined) this.setMeta('clock_ms', String(Date.now()));
    this.lifeStartMs = this.now();
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
    if (this.metaCache.has(key)) return this.metaCache.get(key);
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    // Inside a transaction the row may not be committed yet: cache only what is.
    if (!this.db.inTransaction) this.metaCache.set(key, row?.value);
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.metaCache.delete(key);
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Empties every table (reset), and the caches with them. */
  wipe(): void {
    wipe(this.db);
    this.forgetCaches();
    this.lifeStartMs = Number.NEGATIVE_INFINITY;
  }

  forgetCaches(): void {
    this.metaCache.clear();
    this.regionCache.clear();
    this.tokenCache.clear();
    this.businessCache = undefined;
  }

  /** Every provisioned business (few, and never changed once inserted). */
  businesses(): readonly Business[] {
    return (this.businessCache ??= this.stmt('SELECT * FROM businesses ORDER BY phone_number_id').all() as Business[]);
  }

  business(phoneNumberId: string): Business | undefined {
    return this.businesses().find((b) => b.phone_number_id === phoneNumberId);
  }

  /** Call after inserting a business. */
  businessesChanged(): void {
    this.businessCache = undefined;
  }

  /** Call after any write to `registrations`: the region a business's data lives in may have moved. */
  registrationChanged(): void {
    this.regionCache.clear();
    this.tokenCache.clear();
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

  /**
   * Group commit: a write that need not be durable before anything is
   * answered waits for the next turn of the event loop and commits in one
   * transaction with the others queued by then. One status write per
   * delivered message was the reference's largest commit cost in the bench.
   * A reader that depends on these writes calls `commitDeferred` first;
   * `deferring` keeps `idle` false until they are in.
   */
  defer(generation: number, write: () => void): void {
    this.guard(generation);
    this.deferred.push({ generation, write });
    if (this.deferred.length === 1) setImmediate(() => this.commitDeferred());
  }

  get deferring(): boolean {
    return this.deferred.length > 0;
  }

  commitDeferred(): void {
    if (this.deferred.length === 0) return;
    // Work queued before a reset belongs to the old database: dropped, like any stale work.
    const writes = this.deferred.splice(0).filter((d) => d.generation === this.generation);
    try {
      this.db.transaction(() => {
        for (const d of writes) d.write();
      })();
    } catch (e) {
      process.emitWarning(`${writes.length} deferred writes not committed: ${(e as Error).message}`);
    }
  }

  // --- retention and Local Storage

  /** The Local Storage region a business's data lives in: its registration's, else US. */
  regionOf(businessId: string): string {
    let region = this.regionCache.get(businessId);
    if (region === undefined) {
      const row = this.stmt('SELECT region FROM registrations WHERE business = ?').get(businessId) as { region: string | null } | undefined;
      region = this.seams.storeRegion(row?.region ?? DEFAULT_REGION);
      if (!this.db.inTransaction) this.regionCache.set(businessId, region);
    }
    return region;
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
    return this.tokenIn(this.regionOf(businessId), value);
  }

  /** The token for `value` under `region`'s key (a region move re-keys tokens from the old region's). */
  tokenIn(region: string, value: string): string {
    const v = value.replace(/^\+/, '');
    const key = `${region}|${v}`;
    let token = this.tokenCache.get(key);
    if (token === undefined) {
      token = this.seams.consumerToken(this.atRest.token(region, v), v);
      // Bounded: a long run meets many consumers; starting over costs one HMAC each.
      if (this.tokenCache.size >= 100_000) this.tokenCache.clear();
      this.tokenCache.set(key, token);
    }
    return token;
  }

  /** A consumer's number as stored (token and sealed copy). */
  consumerAtRest(businessId: string, number: string): { token: string; sealed: Buffer } {
    return { token: this.token(businessId, number), sealed: this.seal(businessId, Buffer.from(number, 'utf8')) };
  }
}
