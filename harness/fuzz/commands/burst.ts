import type { CommandData, DataCommand } from '../command-data.ts';
import { judgeSend } from '../send-rules.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/**
 * Several sends to one consumer at once, started in an order fast-check's
 * scheduler picks (and shrinks): the target must serialise its Signal
 * operations per recipient or message keys get reused.
 */
export class BurstCommand implements DataCommand {
  static readonly command = 'burst';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly bodies: string[],
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    const bodies = this.bodies.map((b, i) => `${b} #${i} ${r.canary}`);
    const sends = bodies.map((body, i) =>
      r.scheduler.schedule(Promise.resolve(i), `send #${i}`).then(async () => ({ body, res: await r.world.graph.sendText(business, consumer.waId, body) })),
    );
    const results = await r.scheduler.waitFor(Promise.all(sends));
    for (const { body, res } of results) {
      judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to: consumer.waId, waId: consumer.waId }, res, { body });
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'burst', args: { business: this.business, consumer: this.consumer, bodies: this.bodies } };
  }
  toString(): string {
    return `burst(b${this.business} → c${this.consumer}, ${this.bodies.length} at once)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: BurstCommand.command,
  position: 1,
  requires: [],
  weight: 6,
  arbitrary: () => fc.tuple(business, consumer, fc.array(textBody({ maxLength: 60 }), { minLength: 2, maxLength: 8 })).map(([b, c, ts]) => new BurstCommand(b, c, ts)),
  fromData: (a) => new BurstCommand(readBusiness(a), readConsumer(a), a.strings('bodies')),
};
