import type { CommandData, DataCommand } from '../command-data.ts';
import { expect } from '../../core/expect.ts';
import { touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/** A consumer acknowledges everything it has received from one business. */
export class ReceiptCommand implements DataCommand {
  static readonly command = 'receipt';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly kind: 'delivered' | 'read',
  ) {}
  check(m: FuzzModel): boolean {
    return [...m.outbound.values()].some((s) => s.consumer === this.consumer && s.business === this.business);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    await consumer.receive();
    const ids = consumer.received
      .filter((g) => m.outbound.get(g.envelope.id)?.business === this.business && !m.receipts.get(g.envelope.id)?.has(this.kind))
      .map((g) => g.envelope.id);
    if (ids.length === 0) return;
    const res = await consumer.receipt(this.kind, r.businesses[this.business]!.waId, ids);
    expect(res.status === 200, 'the target refused a receipt', 'HTTP 200', `HTTP ${res.status}`);
    for (const id of ids) {
      m.receipts.set(id, new Set([...(m.receipts.get(id) ?? []), this.kind]));
      touch(m, id);
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'receipt', args: { consumer: this.consumer, business: this.business, kind: this.kind } };
  }
  toString(): string {
    return `receipt(c${this.consumer} → b${this.business}, ${this.kind})`;
  }
}

const RECEIPT_KINDS = ['delivered', 'read'] as const;

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: ReceiptCommand.command,
  position: 6,
  requires: ['transport.signal', 'webhooks'],
  // Cheap, but it acts on a message an earlier step sent (skipped before one): drawn more often.
  weight: 8,
  arbitrary: () => fc.tuple(consumer, business, fc.constantFrom(...RECEIPT_KINDS)).map(([c, b, k]) => new ReceiptCommand(c, b, k)),
  fromData: (a) => new ReceiptCommand(readConsumer(a), readBusiness(a), a.oneOf('kind', RECEIPT_KINDS)),
};
