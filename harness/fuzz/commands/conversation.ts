import { outboundMessage, sendBody } from '../../../generators/outbound-message.ts';
import { type OutboundMessage } from '../../../generators/outbound-shape.ts';
import { asJson, type CommandData, type DataCommand } from '../command-data.ts';
import { type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer, readOutboundMessage } from '../command-args.ts';

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

const hostileText = fc
  .tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.constantFrom('\u0000', 'a\u0000b', '\u0007\u001b[2J', '\ud800', '\udfff x', '\u202e\u200f'))
  .map(([s, h]) => ({ type: 'text', payload: { body: `${s}${h}${s}` } }));

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: ConversationCommand.command,
  position: 14,
  requires: ['transport.signal', 'webhooks'],
  weight: 4,
  // Hostile characters (NUL, control, lone surrogates) in an answer the window allows.
  arbitrary: () => fc.tuple(consumer, business, fc.oneof(outboundMessage(), hostileText)).map(([c, b, msg]) => new ConversationCommand(c, b, msg)),
  fromData: (a) => new ConversationCommand(readConsumer(a), readBusiness(a), readOutboundMessage(a)),
};
