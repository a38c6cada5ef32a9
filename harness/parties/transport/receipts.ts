// Receipts from the business (PROTOCOL.md §4): the read receipts and typing
// indicators the target sends consumers.

import { pushBounded } from '../../core/bounded.ts';
import { accepted, badRequest, refused, type JsonAnswer } from './answer.ts';
import { PerWorld } from './per-world.ts';
import type { ProtocolProblems } from './problems.ts';
import type { Relay } from './relay.ts';

/** A business's read receipt or typing indicator for a consumer (PROTOCOL.md §4). */
export interface BusinessReceipt {
  type: 'read' | 'typing';
  from: string;
  to: string;
  message_ids: string[];
  timestamp: number;
}

function receiptProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'receipt is not a JSON object';
  const r = v as Record<string, unknown>;
  if (r.type !== 'read' && r.type !== 'typing') return 'type is not "read" or "typing"';
  if (typeof r.from !== 'string' || !/^\d+$/.test(r.from)) return 'from is not a WhatsApp id';
  if (typeof r.to !== 'string' || !/^\d+$/.test(r.to)) return 'to is not a WhatsApp id';
  if (!Array.isArray(r.message_ids) || !r.message_ids.every((id) => typeof id === 'string')) return 'message_ids is not a list of ids';
  if (!Number.isInteger(r.timestamp)) return 'timestamp is not integer seconds';
  return null;
}

export class BusinessReceipts extends PerWorld<{ list: BusinessReceipt[] }> {
  constructor(
    private readonly relay: Relay,
    private readonly problems: ProtocolProblems,
  ) {
    super(() => ({ list: [] }));
  }

  /** Read receipts and typing indicators businesses sent, in arrival order. */
  get list(): BusinessReceipt[] {
    return this.state.list;
  }

  /** A driver that has verified what it needs drops the record (the bench). */
  set list(list: BusinessReceipt[]) {
    this.state.list = list;
  }

  /** POST /transport/v0/receipts. */
  receive(body: unknown): JsonAnswer {
    const problem = receiptProblem(body);
    if (problem) {
      this.problems.note(`receipt: ${problem}`);
      return badRequest(problem);
    }
    const r = body as BusinessReceipt;
    if (!this.relay.knows(r.to)) return refused(404, 'unknown_address');
    pushBounded(this.state.list, { type: r.type, from: r.from, to: r.to, message_ids: r.message_ids, timestamp: r.timestamp });
    return accepted();
  }
}
