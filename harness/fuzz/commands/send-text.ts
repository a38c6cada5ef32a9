import type { CommandData, DataCommand } from '../command-data.ts';
import { judgeSend } from '../send-rules.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { body, business, consumer, readBusiness, readConsumer } from '../command-args.ts';

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

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: SendTextCommand.command,
  position: 0,
  requires: [],
  weight: 6,
  arbitrary: () => fc.tuple(business, consumer, body, fc.boolean()).map(([b, c, t, plus]) => new SendTextCommand(b, c, t, plus)),
  fromData: (a) => new SendTextCommand(readBusiness(a), readConsumer(a), a.str('body'), a.bool('plus')),
};
