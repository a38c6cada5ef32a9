import { sendBody, type OutboundMessage } from '../../../generators/outbound-message.ts';
import { asJson, type CommandData, type DataCommand } from '../command-data.ts';
import { type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';

/** The consumer writes and the business answers with any message type, inside the window it just opened. */
export class ConversationCommand implements DataCommand {
  static readonly command = 'conversation';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly message: OutboundMessage,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    const body = `question ${r.canary}`;
    await consumerWrites(m, r, this.business, this.consumer, body);
    await r.world.settle();
    const res = await r.world.graph.sendMessage(business, sendBody(consumer.waId, this.message));
    const content: Record<string, unknown> = { type: this.message.type, [this.message.type]: this.message.payload };
    if (this.message.context) content.context = this.message.context;
    judgeSend(m, { business: this.business, consumer: this.consumer, template: this.message.type === 'template', to: consumer.waId, waId: consumer.waId }, res, { content });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'conversation', args: { consumer: this.consumer, business: this.business, message: asJson(this.message) } };
  }
  toString(): string {
    return `conversation(c${this.consumer} writes, b${this.business} answers ${this.message.type} ${JSON.stringify(this.message.payload).slice(0, 60)})`;
  }
}
