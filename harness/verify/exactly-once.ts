// Exactly once across crashes: what the target accepted (answered 200 for),
// against what the parties around it saw, counted as they see it.
//
// - A consumer envelope the transport endpoint accepted reaches its business
//   as a `messages` webhook the endpoint acknowledged; a second acknowledged
//   delivery of the same id is at-least-once delivery, which Meta documents
//   for webhooks: allowed, and reported.
// - A message the Graph API accepted is decrypted by its consumer exactly
//   once. After a crash a target may post an envelope again that the
//   transport already took; the same bytes are discarded by the consumer's
//   Signal session (reported), a second encryption would be read twice (a
//   failure) (PROTOCOL.md §3).
// - Each status a relay or an accepted receipt implies (`sent` for a relay,
//   `delivered` or `read` for that receipt) reaches the business; repeats
//   with the same id are reported.

import { createHash } from 'node:crypto';
import type { WebhookDelivery } from '../parties/webhook-receiver.ts';
import type { RelayedEnvelope } from '../parties/transport.ts';
import type { ReceivedMessage } from '../parties/consumer.ts';
import { messageEvents, statusEvents } from './webhook-events.ts';

export interface ExactlyOnceTally {
  inbound: {
    accepted: number;
    /** Accepted envelope ids never forwarded in an acknowledged webhook. */
    lost: string[];
    /** Acknowledged deliveries beyond the first, same id (at least once). */
    repeated: number;
  };
  outbound: {
    accepted: number;
    /** Accepted wamids their consumer never decrypted. */
    lost: string[];
    /** Wamids the consumer decrypted more than once (relayed as different ciphertexts). */
    readTwice: string[];
    /** Relays of bytes already relayed under that wamid: the consumer's session discarded them. */
    copiesDiscarded: number;
    /** Accepted wamids whose relays did not decrypt for another reason than being a copy. */
    undecryptable: string[];
  };
  statuses: {
    expected: number;
    /** `wamid status` pairs a relay or an accepted receipt implies, never acknowledged. */
    lost: string[];
    /** Acknowledged status events beyond the first for a pair, same id (at least once). */
    repeated: number;
  };
}

type Receipt = 'delivered' | 'read';

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('base64');
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
/** Ids listed in a failure at most: the count says the rest. */
const LISTED = 10;

export class ExactlyOnceLedger {
  readonly #inbound = new Set<string>();
  readonly #outbound = new Set<string>();
  readonly #receipts = new Map<string, Set<Receipt>>();
  readonly #forwarded = new Map<string, number>();
  readonly #statuses = new Map<string, number>();
  /** wamid → digests of the bodies relayed under it. */
  readonly #relayed = new Map<string, Set<string>>();
  /** wamid → digests the consumer decrypted. */
  readonly #opened = new Map<string, Set<string>>();
  #copies = 0;
  readonly #undecryptable = new Set<string>();

  acceptInbound(id: string): void {
    this.#inbound.add(id);
  }

  acceptOutbound(wamid: string): void {
    this.#outbound.add(wamid);
  }

  /** A receipt the transport endpoint accepted: the business is owed that status (a `read` alone owes no `delivered`, PROTOCOL §5). */
  acceptReceipt(type: Receipt, wamids: readonly string[]): void {
    for (const id of wamids) {
      const r = this.#receipts.get(id) ?? new Set<Receipt>();
      r.add(type);
      this.#receipts.set(id, r);
    }
  }

  sawDelivery(d: WebhookDelivery): void {
    if (!d.acked) return;
    for (const e of messageEvents([d])) if (typeof e.message.id === 'string') bump(this.#forwarded, e.message.id);
    for (const e of statusEvents([d])) {
      if (typeof e.status.id === 'string' && typeof e.status.status === 'string') bump(this.#statuses, `${e.status.id} ${e.status.status}`);
    }
  }

  sawRelay(e: RelayedEnvelope): void {
    const seen = this.#relayed.get(e.id) ?? new Set<string>();
    const d = digest(e.body);
    if (seen.has(d)) this.#copies++;
    seen.add(d);
    this.#relayed.set(e.id, seen);
  }

  sawReceived(r: ReceivedMessage): void {
    const id = r.envelope.id;
    const d = digest(r.envelope.body);
    const opened = this.#opened.get(id) ?? new Set<string>();
    if (r.plaintext !== undefined) {
      opened.add(d);
      this.#opened.set(id, opened);
    } else if (!opened.has(d)) this.#undecryptable.add(id);
  }

  /** Accepted wamids the consumer has decrypted (a driver acknowledges these with receipts). */
  opened(wamid: string): boolean {
    return (this.#opened.get(wamid)?.size ?? 0) > 0;
  }

  #expectedStatuses(): string[] {
    const out: string[] = [];
    for (const id of this.#outbound) {
      if (this.#relayed.has(id)) out.push(`${id} sent`);
      for (const r of this.#receipts.get(id) ?? []) out.push(`${id} ${r}`);
    }
    return out;
  }

  /** Everything accepted has been seen at least once (a drain waits for this). */
  complete(): boolean {
    for (const id of this.#inbound) if (!this.#forwarded.has(id)) return false;
    for (const id of this.#outbound) if (!this.opened(id)) return false;
    return this.#expectedStatuses().every((k) => this.#statuses.has(k));
  }

  tally(): ExactlyOnceTally {
    const expected = this.#expectedStatuses();
    const outbound = [...this.#outbound];
    let inboundRepeats = 0;
    for (const id of this.#inbound) inboundRepeats += Math.max(0, (this.#forwarded.get(id) ?? 0) - 1);
    let statusRepeats = 0;
    for (const k of expected) statusRepeats += Math.max(0, (this.#statuses.get(k) ?? 0) - 1);
    return {
      inbound: { accepted: this.#inbound.size, lost: [...this.#inbound].filter((id) => !this.#forwarded.has(id)), repeated: inboundRepeats },
      outbound: {
        accepted: outbound.length,
        lost: outbound.filter((id) => !this.opened(id)),
        readTwice: outbound.filter((id) => (this.#opened.get(id)?.size ?? 0) > 1),
        copiesDiscarded: this.#copies,
        undecryptable: outbound.filter((id) => this.#undecryptable.has(id) && !this.opened(id)),
      },
      statuses: { expected: expected.length, lost: expected.filter((k) => !this.#statuses.has(k)), repeated: statusRepeats },
    };
  }
}

const listed = (ids: readonly string[]): string => `${ids.slice(0, LISTED).join(', ')}${ids.length > LISTED ? `, … (${ids.length} in all)` : ''}`;

/** One sentence per broken promise; empty when everything accepted arrived once (or as allowed repeats). */
export function exactlyOnceProblems(t: ExactlyOnceTally): string[] {
  const out: string[] = [];
  if (t.inbound.lost.length > 0) out.push(`${t.inbound.lost.length} of ${t.inbound.accepted} accepted consumer messages never reached the business: ${listed(t.inbound.lost)}`);
  if (t.outbound.lost.length > 0) out.push(`${t.outbound.lost.length} of ${t.outbound.accepted} accepted business messages never reached their consumer: ${listed(t.outbound.lost)}`);
  if (t.outbound.readTwice.length > 0) out.push(`${t.outbound.readTwice.length} business messages reached their consumer twice, as different ciphertexts under one wamid: ${listed(t.outbound.readTwice)}`);
  if (t.statuses.lost.length > 0) out.push(`${t.statuses.lost.length} of ${t.statuses.expected} statuses never reached the business: ${listed(t.statuses.lost)}`);
  return out;
}

/** The figures in one line, repeats included. */
export function exactlyOnceSummary(t: ExactlyOnceTally): string {
  return [
    `inbound: ${t.inbound.accepted} accepted, ${t.inbound.lost.length} lost, ${t.inbound.repeated} repeated deliveries (same id)`,
    `outbound: ${t.outbound.accepted} accepted, ${t.outbound.lost.length} lost, ${t.outbound.readTwice.length} read twice, ${t.outbound.copiesDiscarded} identical copies relayed again (discarded by the consumer)`,
    `statuses: ${t.statuses.expected} expected, ${t.statuses.lost.length} lost, ${t.statuses.repeated} repeated (same id)`,
  ].join('; ');
}
