// Everything the target holds, in memory. `reset` (PROTOCOL.md §2) replaces
// the whole World, so work still in flight from before a reset touches only
// the old one.

import type { Business } from './business.ts';
import { Lanes, Work } from './work.ts';
import { Webhooks } from './webhooks.ts';

export type Status = 'sent' | 'delivered' | 'read' | 'failed';

/** A message a business sent, as long as the target needs it for statuses and retransmission. */
export interface SentMessage {
  id: string;
  business: Business;
  consumer: string;
  /** The plaintext of the Signal message (PROTOCOL.md §7), kept to post it again to an offline consumer. */
  plaintext: string;
  /** Virtual ms when the Graph API accepted it. */
  acceptedMs: number;
  opaque?: string;
  /** The last status the business was told, if any. */
  status?: Status;
  /** Waiting for an offline consumer to come back (PROTOCOL.md §12). */
  offline?: boolean;
}

export interface ReceivedMessage {
  id: string;
  business: Business;
  consumer: string;
}

export interface Wiring {
  transportUrl: string;
  transportToken: string;
  /** PEM of the CA `reset` said to trust for the harness's HTTPS endpoints (PROTOCOL.md §11). */
  trustedCa?: string;
  /** Production mode: webhook and transport URLs must be https:// (PROTOCOL.md §11). */
  production: boolean;
}

export class World {
  readonly work = new Work();
  readonly webhooks: Webhooks = new Webhooks(this);
  /** One lane per (business, consumer): their Signal session is used by one operation at a time. */
  readonly lanes = new Lanes();
  readonly businesses = new Map<string, Business>(); // by phone-number id
  readonly sent = new Map<string, SentMessage>();
  readonly received = new Map<string, ReceivedMessage>();
  /** Virtual ms of each consumer's last message to a business number, for the 24-hour window. */
  readonly lastInbound = new Map<string, number>();

  constructor(
    public nowMs: number,
    readonly wiring: Wiring | undefined,
  ) {}

  now(): Date {
    return new Date(this.nowMs);
  }

  seconds(): number {
    return Math.floor(this.nowMs / 1000);
  }

  byDisplay(display: string): Business | undefined {
    for (const b of this.businesses.values()) if (b.display === display) return b;
    return undefined;
  }

  byToken(token: string): Business | undefined {
    for (const b of this.businesses.values()) if (b.accessToken === token) return b;
    return undefined;
  }
}

/** How many messages each way a World remembers; the oldest is forgotten first (a Map keeps insertion order). */
export const MEMORY_CAP = 100_000;

export function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MEMORY_CAP) map.delete(map.keys().next().value as K);
}

export const pairKey = (business: Business, consumer: string) => `${business.display}|${consumer}`;
