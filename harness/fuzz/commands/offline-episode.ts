import { expect } from '../../core/expect.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, consumerWrites, type FuzzModel, type FuzzReal } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';
import { granularity } from '../../verify/retention.ts';
import { DAY_MS, MINUTE_MS, RETENTION_MS } from '../../core/durations.ts';

export const COMEBACKS = ['after-1-day', 'after-5-days', 'just-before-30-days', 'just-after-30-days', 'after-35-days'] as const;
export type Comeback = (typeof COMEBACKS)[number];

/**
 * The consumer writes, then their phone goes off; the business answers; the
 * clock walks on in jumps of days; the phone comes back. Before 30 days the
 * answer must arrive (retransmitted); after, it must never be posted again
 * and the business gets a `failed` status (PROTOCOL §12).
 */
export class OfflineEpisodeCommand implements DataCommand {
  static readonly command = 'offlineEpisode';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly comeback: Comeback,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`) && !m.outage.has(this.business);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    const transport = r.world.env.transport;
    const g = granularity(r.world);
    await consumerWrites(m, r, this.business, this.consumer, `going offline ${r.canary}`);
    await checkInvariants(m, r);

    transport.offline(consumer.waId);
    const body = `while offline ${r.canary}`;
    const id = judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to: consumer.waId, waId: consumer.waId }, await r.world.graph.sendText(business, consumer.waId, body), { body });
    await r.world.settle();
    const ages: Record<Comeback, number> = {
      'after-1-day': DAY_MS,
      'after-5-days': 5 * DAY_MS,
      'just-before-30-days': RETENTION_MS - g - MINUTE_MS,
      'just-after-30-days': RETENTION_MS + 1_000,
      'after-35-days': 35 * DAY_MS,
    };
    const age = ages[this.comeback];
    let moved = 0;
    while (moved < age) {
      const step = Math.min(9 * DAY_MS, age - moved);
      await advance(m, r, step);
      moved += step;
      await r.world.settle();
    }
    transport.online(consumer.waId);
    await advance(m, r, g);
    await r.world.settle();
    if (id !== undefined && age > RETENTION_MS) {
      const sent = m.outbound.get(id)!;
      m.outbound.set(id, { ...sent, inWindow: false, mustFail: 'undelivered for 30 days while the phone was off' });
      const relayed = transport.envelopes.filter((e) => e.id === id).length;
      expect(relayed === 0, `${id} was retransmitted after its 30 days ran out`, 'no envelope for it once 30 days passed', `${relayed} envelope(s)`);
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'offlineEpisode', args: { business: this.business, consumer: this.consumer, comeback: this.comeback } };
  }
  toString(): string {
    return `offlineEpisode(c${this.consumer} writes to b${this.business}, phone off, b answers, back ${this.comeback})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: OfflineEpisodeCommand.command,
  position: 24,
  requires: ['retention', 'control.clock', 'webhooks', 'transport.signal'],
  // 75–135 ms a step.
  weight: 2,
  arbitrary: () => fc.tuple(business, consumer, fc.constantFrom(...COMEBACKS)).map(([b, c, when]) => new OfflineEpisodeCommand(b, c, when)),
  fromData: (a) => new OfflineEpisodeCommand(readBusiness(a), readConsumer(a), a.oneOf('comeback', COMEBACKS)),
};
