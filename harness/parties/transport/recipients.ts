// Recipients the transport cannot deliver to (PROTOCOL.md §4 and §12): an
// address refused for good (410 undeliverable) and a consumer whose phone is
// off (503 recipient_offline, until it comes back).

import { pushBounded } from '../../core/bounded.ts';
import { refused, type JsonAnswer } from './answer.ts';
import { PerWorld } from './per-world.ts';
import type { RelayedEnvelope } from './relay.ts';

interface RecipientsState {
  /** Recipient addresses whose envelopes are answered 410 undeliverable. */
  undeliverable: Set<string>;
  /** Envelope POSTs answered 410 undeliverable, in arrival order. */
  undelivered: Array<{ to: string; id: string }>;
  /** Consumers whose phone is off: envelopes to them are answered 503 recipient_offline. */
  offline: Set<string>;
  /** Envelope POSTs answered recipient_offline, in arrival order. */
  offlineRefusals: Array<{ to: string; id: string }>;
}

export class UnreachableRecipients extends PerWorld<RecipientsState> {
  constructor() {
    super(() => ({ undeliverable: new Set(), undelivered: [], offline: new Set(), offlineRefusals: [] }));
  }

  get undelivered(): Array<{ to: string; id: string }> {
    return this.state.undelivered;
  }

  get offlineRefusals(): Array<{ to: string; id: string }> {
    return this.state.offlineRefusals;
  }

  /** From now on, envelopes to `address` are answered 410 undeliverable. */
  refuseDeliveryTo(address: string): void {
    this.state.undeliverable.add(address);
  }

  offline(address: string): void {
    this.state.offline.add(address);
  }

  online(address: string): void {
    this.state.offline.delete(address);
  }

  /** The 410 for an envelope to a refused recipient, recorded; undefined otherwise. */
  undeliverable(envelope: RelayedEnvelope): JsonAnswer | undefined {
    if (!this.state.undeliverable.has(envelope.to)) return undefined;
    pushBounded(this.state.undelivered, { to: envelope.to, id: envelope.id });
    return refused(410, 'undeliverable');
  }

  /** The 503 for an envelope to a consumer whose phone is off, recorded; undefined otherwise. */
  offlineRefusal(envelope: RelayedEnvelope): JsonAnswer | undefined {
    if (!this.state.offline.has(envelope.to)) return undefined;
    pushBounded(this.state.offlineRefusals, { to: envelope.to, id: envelope.id });
    return refused(503, 'recipient_offline');
  }
}
