import type { CommandData, DataCommand } from '../command-data.ts';
import { expectSendAccepted } from '../../verify/send-response.ts';
import { inWindow, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

/** A business sends a text to a consumer, writing `to` with or without '+'. */
export class SendTextCommand implements DataCommand {
  static readonly command = 'sendText';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly body: string,
    readonly plus: boolean,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const to = this.plus ? `+${consumer.waId}` : consumer.waId;
    const body = `${this.body} ${r.canary}`;
    const res = await r.world.graph.sendText(r.businesses[this.business]!, to, body);
    const open = inWindow(m, this.business, this.consumer);
    // Outside the 24-hour window a free-form send may be refused (131047): the GRAPH cases judge that rule.
    if (!open && res.status !== 200) return;
    const id = expectSendAccepted(res, to, consumer.waId);
    m.outbound.set(id, { business: this.business, consumer: this.consumer, body, at: m.nowMs, inWindow: open });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendText', args: { business: this.business, consumer: this.consumer, body: this.body, plus: this.plus } };
  }
  toString(): string {
    return `sendText(b${this.business} → c${this.consumer}${this.plus ? ' as +number' : ''}, ${JSON.stringify(this.body.slice(0, 40))})`;
  }
}
