import type { CommandData, DataCommand } from '../command-data.ts';
import { type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { body, business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/** A consumer writes to a business; this opens the 24-hour window. */
export class ConsumerSendTextCommand implements DataCommand {
  static readonly command = 'consumerSendText';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly body: string,
  ) {}
  check(m: FuzzModel): boolean {
    // A blocked consumer's messages may be dropped: the model cannot say what the target does with them.
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const body = `${this.body} ${r.canary}`;
    await consumerWrites(m, r, this.business, this.consumer, body);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'consumerSendText', args: { consumer: this.consumer, business: this.business, body: this.body } };
  }
  toString(): string {
    return `consumerSends(c${this.consumer} → b${this.business}, ${JSON.stringify(this.body.slice(0, 40))})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: ConsumerSendTextCommand.command,
  position: 5,
  requires: ['transport.signal', 'webhooks'],
  weight: 6,
  arbitrary: () => fc.tuple(consumer, business, body).map(([c, b, t]) => new ConsumerSendTextCommand(c, b, t)),
  fromData: (a) => new ConsumerSendTextCommand(readConsumer(a), readBusiness(a), a.str('body')),
};
