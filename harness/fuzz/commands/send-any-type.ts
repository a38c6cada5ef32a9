import { asJson, type CommandData, type DataCommand } from '../command-data.ts';
import { judgeSend } from '../send-rules.ts';
import { outboundMessage, sendBody } from '../../../generators/outbound-message.ts';
import { type OutboundMessage } from '../../../generators/outbound-shape.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer, readOutboundMessage } from '../command-args.ts';

/** A business sends any message type (media, location, contacts, interactive, template, reaction…). */
export class SendAnyTypeCommand implements DataCommand {
  static readonly command = 'sendAnyType';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly message: OutboundMessage,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const res = await r.world.graph.sendMessage(r.businesses[this.business]!, sendBody(consumer.waId, this.message));
    const content: Record<string, unknown> = { type: this.message.type, [this.message.type]: this.message.payload };
    if (this.message.context) content.context = this.message.context;
    // Templates may open a conversation; anything else needs the 24-hour window.
    judgeSend(m, { business: this.business, consumer: this.consumer, template: this.message.type === 'template', to: consumer.waId, waId: consumer.waId }, res, { content });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendAnyType', args: { business: this.business, consumer: this.consumer, message: asJson(this.message) } };
  }
  toString(): string {
    return `send(${this.message.type}, b${this.business} → c${this.consumer}, ${JSON.stringify(this.message.payload).slice(0, 60)})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: SendAnyTypeCommand.command,
  position: 2,
  requires: [],
  weight: 6,
  // Any type a target may send.
  arbitrary: () => fc.tuple(business, consumer, outboundMessage()).map(([b, c, msg]) => new SendAnyTypeCommand(b, c, msg)),
  fromData: (a) => new SendAnyTypeCommand(readBusiness(a), readConsumer(a), readOutboundMessage(a)),
};
