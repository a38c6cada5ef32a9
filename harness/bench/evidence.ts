// Bounded wire evidence for long runs: the last exchanges stay in a ring, and
// only a failure writes them out (appended to a JSONL file), so memory stays
// flat however many messages pass (DESIGN §7).

import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WireLog, type Exchange } from '../core/wire-log.ts';

const PREVIEW = 2_048;

export class RingWireLog extends WireLog {
  #ring: Exchange[] = [];
  #next = 0;
  #seq = 0;

  constructor(private readonly size = 256) {
    super();
  }

  override record(x: Omit<Exchange, 'seq'>): Exchange {
    const full = { ...x, seq: ++this.#seq };
    if (this.#ring.length < this.size) this.#ring.push(full);
    else this.#ring[this.#next] = full;
    this.#next = (this.#next + 1) % this.size;
    return full;
  }

  override all(): readonly Exchange[] {
    return [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
  }

  override on(channel: Exchange['channel']): Exchange[] {
    return this.all().filter((x) => x.channel === channel);
  }

  override clear(): void {
    this.#ring = [];
    this.#next = 0;
  }
}

/** Appends one failure with the recent wire exchanges; returns how many failures it holds. */
export class FailureFile {
  count = 0;

  constructor(
    readonly path: string,
    private readonly redact: (s: string) => string,
    private readonly limit = 100,
  ) {}

  write(what: string, log: WireLog): void {
    this.count++;
    if (this.count > this.limit) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const wire = log.all().map((x) => ({
      seq: x.seq,
      channel: x.channel,
      method: x.method,
      url: x.url,
      status: x.status,
      error: x.error,
      request: x.requestBody.subarray(0, PREVIEW).toString('utf8'),
      response: x.responseBody?.subarray(0, PREVIEW).toString('utf8'),
    }));
    appendFileSync(this.path, this.redact(JSON.stringify({ failure: what, wire })) + '\n');
  }
}
