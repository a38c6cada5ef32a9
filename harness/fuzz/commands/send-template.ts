import type { CommandData, DataCommand } from '../command-data.ts';
import { expect } from '../../core/expect.ts';
import { touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/** A business sends a template (allowed at any time), with biz_opaque_callback_data every status must echo. */
export class SendTemplateCommand implements DataCommand {
  static readonly command = 'sendTemplate';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly opaque: string | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const template = { name: 'hello_world', language: { code: 'en_US' } };
    const body: Record<string, unknown> = { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template', template };
    if (this.opaque !== undefined) body.biz_opaque_callback_data = this.opaque;
    const res = await r.world.graph.sendMessage(r.businesses[this.business]!, body);
    const id = judgeSend(m, { business: this.business, consumer: this.consumer, template: true, to: consumer.waId, waId: consumer.waId }, res, { content: { type: 'template', template }, opaque: this.opaque });
    // With opaque data, the consumer acknowledges at once: every later status must echo it too.
    if (id !== undefined && this.opaque !== undefined && m.outbound.get(id)?.mustFail === undefined) {
      await r.world.settle();
      await consumer.receive();
      if (consumer.received.some((g) => g.envelope.id === id)) {
        const to = r.businesses[this.business]!.waId;
        for (const kind of ['delivered', 'read'] as const) {
          const receipt = await consumer.receipt(kind, to, [id]);
          expect(receipt.status === 200, 'the target refused a receipt', 'HTTP 200', `HTTP ${receipt.status}`);
          m.receipts.set(id, new Set([...(m.receipts.get(id) ?? []), kind]));
          await r.world.settle();
        }
        touch(m, id);
      }
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendTemplate', args: { business: this.business, consumer: this.consumer, opaque: this.opaque ?? null } };
  }
  toString(): string {
    return `sendTemplate(b${this.business} → c${this.consumer}${this.opaque === undefined ? '' : `, opaque ${JSON.stringify(this.opaque.slice(0, 30))}`})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: SendTemplateCommand.command,
  position: 10,
  requires: [],
  weight: 4,
  arbitrary: () => fc.tuple(business, consumer, fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined })).map(([b, c, o]) => new SendTemplateCommand(b, c, o)),
  fromData: (a) => new SendTemplateCommand(readBusiness(a), readConsumer(a), a.optStr('opaque')),
};
