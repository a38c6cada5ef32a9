// A consumer as the cases whose rule does not depend on Signal see it: it
// writes to a business and acknowledges what the business sent it. Two
// kinds stand behind it: the Signal consumer (encrypted envelopes through
// the harness's transport) and the simulated one (plaintext through the
// simulation surface or an adapter, PROTOCOL.md §14).

/** Which way a consumer's messages reach the target. */
export type ConsumerPath = 'signal' | 'simulation' | 'adapter';

/** How a report's header names each path. */
export const CONSUMER_PATH_NAMES: Record<ConsumerPath | 'none', string> = {
  signal: 'Signal on the transport',
  simulation: 'simulation surface',
  adapter: 'adapter',
  none: 'none (Graph API only)',
};

/** A consumer's message handed to the target, and whether it took it. */
export interface Written {
  id: string;
  /** What the message was handed over with, e.g. "POST /transport/v0/envelopes". */
  via: string;
  /** Undefined when the target took the message; else what it answered ("HTTP 500: …"). */
  refusal?: string;
}

export interface ConsumerParty {
  readonly waId: string;
  readonly path: ConsumerPath;
  /**
   * Writes a content object of PROTOCOL.md §7 (`{"v": 0, "type": …, <type>: …}`)
   * to the business whose WhatsApp id is `businessWaId`.
   */
  write(businessWaId: string, content: unknown, id?: string): Promise<Written>;
  /** Acknowledges messages the business sent this consumer. */
  acknowledge(type: 'delivered' | 'read', businessWaId: string, messageIds: string[]): Promise<void>;
}
