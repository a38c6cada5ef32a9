import { OUTBOUND_TYPES, sendBody, type OutboundType } from '../../../generators/outbound-message.ts';
import { type OutboundMessage } from '../../../generators/outbound-shape.ts';
import { asJson, type CommandData, type DataCommand } from '../command-data.ts';
import { type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { canaryMessage } from '../../../generators/canary-message.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/** White space and a decomposed mark at the ends of a text body: a trim or an NFC pass changes it. */
const PAD_START = '\u00A0 ';
const PAD_END = ' e\u0301\n';

/**
 * The consumer writes and the business answers with a message whose every
 * free-text field (caption, filename, names, bodies, buttons…) holds the
 * run's content canary (generators/canary-message.ts; `planted` is the
 * generated canary, replaced by the run's, of the same length); a text body
 * also gets white space and a decomposed mark at its ends. The invariants then
 * judge it: the consumer decrypts exactly what was sent, and the canary is
 * nowhere on the transport outside the ciphertext.
 */
export class CanaryConversationCommand implements DataCommand {
  static readonly command = 'canaryConversation';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly type: OutboundType,
    readonly payload: unknown,
    readonly planted: string,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    const payload = JSON.parse(JSON.stringify(this.payload).split(this.planted).join(r.canary)) as Record<string, unknown>;
    if (this.type === 'text' && typeof payload.body === 'string' && Array.from(payload.body).length <= 4096 - 8) payload.body = `${PAD_START}${payload.body}${PAD_END}`;
    const message: OutboundMessage = { type: this.type, payload };
    await consumerWrites(m, r, this.business, this.consumer, `question ${r.canary}`);
    await r.world.settle();
    const res = await r.world.graph.sendMessage(business, sendBody(consumer.waId, message));
    judgeSend(m, { business: this.business, consumer: this.consumer, template: this.type === 'template', to: consumer.waId, waId: consumer.waId }, res, { content: { type: this.type, [this.type]: payload } });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'canaryConversation', args: { consumer: this.consumer, business: this.business, type: this.type, payload: asJson(this.payload), planted: this.planted } };
  }
  toString(): string {
    return `canaryConversation(c${this.consumer} writes, b${this.business} answers ${this.type} with the canary in every free-text field)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: CanaryConversationCommand.command,
  position: 16,
  requires: ['transport.signal', 'webhooks'],
  weight: 4,
  // The run's canary in every free-text field (captions, filenames, names…), a text's ends padded (text half the time).
  arbitrary: () =>
    fc.tuple(consumer, business, fc.oneof(canaryMessage({ direction: 'outbound', types: ['text'] }), canaryMessage({ direction: 'outbound' }))).map(([c, b, msg]) => new CanaryConversationCommand(c, b, msg.type as OutboundType, msg.payload, msg.canary)),
  fromData: (a) => new CanaryConversationCommand(readConsumer(a), readBusiness(a), a.oneOf('type', OUTBOUND_TYPES), a.json('payload'), a.str('planted')),
};
