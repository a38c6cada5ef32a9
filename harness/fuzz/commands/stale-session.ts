import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';
import { DAY_MS } from '../../core/durations.ts';

/**
 * A business writes first (a template) and the consumer never answers; a
 * template on day 29 keeps the consumer at rest; on day `days` the session is
 * stale: the target must start a new one, and the consumer decrypts it.
 */
export class StaleSessionCommand implements DataCommand {
  static readonly command = 'staleSession';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly days: number,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async #template(m: FuzzModel, r: FuzzReal, name: string): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const template = { name, language: { code: 'en_US' } };
    const res = await r.world.graph.sendMessage(r.businesses[this.business]!, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template', template });
    judgeSend(m, { business: this.business, consumer: this.consumer, template: true, to: consumer.waId, waId: consumer.waId }, res, { content: { type: 'template', template } });
    await checkInvariants(m, r);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    await this.#template(m, r, 'first_contact');
    await advance(m, r, 29 * DAY_MS);
    await this.#template(m, r, 'day_29');
    await advance(m, r, (this.days - 29) * DAY_MS);
    await this.#template(m, r, `after_${this.days}_days`);
  }
  toData(): CommandData {
    return { command: 'staleSession', args: { business: this.business, consumer: this.consumer, days: this.days } };
  }
  toString(): string {
    return `staleSession(b${this.business} → c${this.consumer}: templates on day 0, 29 and ${this.days}, never answered)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: StaleSessionCommand.command,
  position: 25,
  requires: ['retention', 'control.clock', 'webhooks', 'transport.signal'],
  // 75–135 ms a step.
  weight: 2,
  arbitrary: () => fc.tuple(business, consumer, fc.integer({ min: 31, max: 40 })).map(([b, c, d]) => new StaleSessionCommand(b, c, d)),
  fromData: (a) => new StaleSessionCommand(readBusiness(a), readConsumer(a), a.int('days', 30, 400)),
};
