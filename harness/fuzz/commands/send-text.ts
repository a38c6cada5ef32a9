import type { CommandData, DataCommand } from '../command-data.ts';
import { judgeSend } from '../send-rules.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
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
    judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to, waId: consumer.waId }, res, { body });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendText', args: { business: this.business, consumer: this.consumer, body: this.body, plus: this.plus } };
  }
  toString(): string {
    return `sendText(b${this.business} → c${this.consumer}${this.plus ? ' as +number' : ''}, ${JSON.stringify(this.body.slice(0, 40))})`;
  }
}
