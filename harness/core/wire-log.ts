// Every byte that crosses a channel during a case, in order. Cases read it to
// judge the target; the report shows it as wire evidence when a case fails.
// Capped: a flooding target leaves the first and last exchanges and a count.

import { droppedFrom, pushBounded } from './bounded.ts';

export type Channel =
  | 'graph' // harness (as a business) -> target Graph API
  | 'control' // harness -> target control plane
  | 'transport-endpoint' // harness (as WhatsApp transport) -> target
  | 'transport' // target -> harness transport (key directory, envelopes)
  | 'webhook' // target -> harness webhook receivers
  | 'sink' // target -> harness rest-of-Meta sinks
  | 'adapter' // harness -> the user's adapter module (--adapter), a call standing for the server's own API
  | 'unexpected'; // target -> harness, matching no handler

export interface Exchange {
  readonly seq: number;
  readonly channel: Channel;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Record<string, string>;
  readonly requestBody: Buffer;
  status?: number;
  responseBody?: Buffer;
  error?: string;
}

/** Exchanges a case's log keeps from each end: far more than any case makes. */
export const WIRE_KEEP = 5_000;

/** Channels on which the harness calls the target. */
const TO_TARGET: ReadonlySet<Channel> = new Set(['graph', 'control', 'transport-endpoint', 'adapter']);

export class WireLog {
  #exchanges: Exchange[] = [];
  #seq = 0;
  #toTarget = 0;

  record(x: Omit<Exchange, 'seq'>): Exchange {
    const full = { ...x, seq: ++this.#seq };
    if (TO_TARGET.has(x.channel)) this.#toTarget++;
    pushBounded(this.#exchanges, full, WIRE_KEEP);
    return full;
  }

  /** Requests the harness made to the target over this log's life, cleared or not: what the target's answers are weighed against. */
  get requestsToTarget(): number {
    return this.#toTarget;
  }

  /** Exchanges recorded but not kept (a flood overflowed the cap). */
  get dropped(): number {
    return droppedFrom(this.#exchanges);
  }

  all(): readonly Exchange[] {
    return this.#exchanges;
  }

  on(channel: Channel): Exchange[] {
    return this.#exchanges.filter((x) => x.channel === channel);
  }

  clear(): void {
    this.#exchanges = [];
  }
}

/**
 * The log the harness's shared servers write to. Servers live for the whole
 * run, cases one at a time, so the runner points this at each case's log.
 */
export class LogSwitch {
  current = new WireLog();
}
