import { expect } from '../../core/expect.ts';
import { TransportNotices } from '../../parties/transport-notices.ts';
import { statusEvents } from '../../verify/webhook-events.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { touch, type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

export const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;

/**
 * A business message the transport bills: after the billing notice and the
 * consumer's read receipt, the latest status with pricing shows exactly the
 * notice's pricing.
 */
export class BilledSendCommand implements DataCommand {
  static readonly command = 'billedSend';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly billable: boolean,
    readonly pricingModel: 'CBP' | 'PMP',
    readonly category: (typeof CATEGORIES)[number],
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`) && !m.hadOutage.has(this.business);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    // The consumer writes first: the window is open for the billed answer.
    const question = `what does it cost? ${r.canary}`;
    await consumerWrites(m, r, this.business, this.consumer, question);
    await r.world.settle();
    const body = `billable? ${r.canary}`;
    const id = judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to: consumer.waId, waId: consumer.waId }, await r.world.graph.sendText(business, consumer.waId, body), { body });
    if (id === undefined) return;
    await r.world.settle();
    await consumer.receive();
    const pricing = { billable: this.billable, pricing_model: this.pricingModel, category: this.category };
    const res = await new TransportNotices(r.world.env.client, r.world.env.transport).billing({ message_id: id, ...pricing });
    expect(res.status === 200, 'the billing notice was not acknowledged', '200 {"ok": true}', `HTTP ${res.status}`);
    const receipt = await consumer.receipt('read', business.waId, [id]);
    expect(receipt.status === 200, 'the target refused a receipt', 'HTTP 200', `HTTP ${receipt.status}`);
    m.receipts.set(id, new Set([...(m.receipts.get(id) ?? []), 'read']));
    touch(m, id);
    await r.world.settle();
    const priced = statusEvents(r.world.webhooks(business)).map((e) => e.status).filter((s) => s.id === id && s.pricing !== undefined);
    const shown = priced.at(-1)?.pricing as Record<string, unknown> | undefined;
    expect(
      shown !== undefined && shown.billable === pricing.billable && shown.pricing_model === pricing.pricing_model && shown.category === pricing.category,
      `the status pricing of ${id} is not the billing notice the transport sent`,
      JSON.stringify(pricing),
      shown === undefined ? 'no status with pricing' : JSON.stringify(shown),
    );
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'billedSend', args: { business: this.business, consumer: this.consumer, billable: this.billable, pricingModel: this.pricingModel, category: this.category } };
  }
  toString(): string {
    return `billedSend(b${this.business} → c${this.consumer}, ${this.category}${this.billable ? '' : ', free'})`;
  }
}

const PRICING_MODELS = ['CBP', 'PMP'] as const;

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: BilledSendCommand.command,
  position: 41,
  requires: ['transport.billing', 'webhooks'],
  weight: 4,
  arbitrary: () =>
    fc.tuple(business, consumer, fc.boolean(), fc.constantFrom(...PRICING_MODELS), fc.constantFrom(...CATEGORIES)).map(([b, c, bill, pm, cat]) => new BilledSendCommand(b, c, bill, pm, cat)),
  fromData: (a) => new BilledSendCommand(readBusiness(a), readConsumer(a), a.bool('billable'), a.oneOf('pricingModel', PRICING_MODELS), a.oneOf('category', CATEGORIES)),
};
