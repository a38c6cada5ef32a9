import type { Statement } from 'better-sqlite3';
import { ReferenceFailure } from './errors.ts';
import type { Db } from './db.ts';
import { KeyedQueue } from './keyed-queue.ts';
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

  constructor(db: Db, seams: Seams) {
    this.db = db;
    this.seams = seams;
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
}
