// Integrity decisions and signals (PROTOCOL.md §4.1): the transport may
// refuse a business's envelopes for a while, and it receives the per-business
// integrity signals the target posts for consumers' spam reports.

import { pushBounded } from '../../core/bounded.ts';
import { accepted, badRequest, type JsonAnswer } from './answer.ts';
import { PerWorld } from './per-world.ts';
import type { ProtocolProblems } from './problems.ts';
import type { RelayedEnvelope } from './relay.ts';

interface IntegrityState {
  /** Sender address → retry-after (ms) the transport answers its envelopes with. */
  rejecting: Map<string, number>;
  /** Envelope POSTs answered 429 integrity_rejected, per sender. */
  rejections: Array<{ from: string; id: string }>;
  /** Integrity signals the target sent (POST /v0/integrity-signals), as JSON. */
  signals: unknown[];
}

export class Integrity extends PerWorld<IntegrityState> {
  constructor(private readonly problems: ProtocolProblems) {
    super(() => ({ rejecting: new Map(), rejections: [], signals: [] }));
  }

  get rejections(): Array<{ from: string; id: string }> {
    return this.state.rejections;
  }

  get signals(): unknown[] {
    return this.state.signals;
  }

  /** From now on, envelopes from `address` are rejected for integrity (429), until `allow`. */
  reject(address: string, retryAfterMs: number): void {
    this.state.rejecting.set(address, retryAfterMs);
  }

  allow(address: string): void {
    this.state.rejecting.delete(address);
  }

  /** The 429 this envelope's sender is answered with while rejected, recorded; undefined otherwise. */
  refusal(envelope: RelayedEnvelope): JsonAnswer | undefined {
    const retryAfter = this.state.rejecting.get(envelope.from);
    if (retryAfter === undefined) return undefined;
    pushBounded(this.state.rejections, { from: envelope.from, id: envelope.id });
    return { status: 429, json: { error: { code: 'integrity_rejected', retry_after_ms: retryAfter } } };
  }

  /** POST /transport/v0/integrity-signals. */
  signal(body: unknown): JsonAnswer {
    if (typeof body !== 'object' || body === null || typeof (body as { business?: unknown }).business !== 'string') {
      this.problems.note('integrity signal is not a JSON object with a business');
      return badRequest('integrity signal needs a business');
    }
    pushBounded(this.state.signals, body);
    return accepted();
  }
}
