import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import { recover } from '../recovery.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { Capability } from '../../core/capabilities.ts';
import { declaresAll, type CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';
import { DAY_MS, MINUTE_MS } from '../../core/durations.ts';

/**
 * A whole webhook outage in one step: the business's endpoint fails, the
 * consumer writes, the clock walks on (minute by minute for the first 40
 * minutes when `fine`, then in half days for `days`), the target may restart
 * in between, and the endpoint recovers. Every message must then arrive,
 * unless the outage outlasted the 7 days of retries.
 */
export class OutageEpisodeCommand implements DataCommand {
  static readonly command = 'outageEpisode';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly mode: 'error-500' | 'reset',
    readonly bodies: string[],
    readonly fine: boolean,
    readonly restart: boolean,
    readonly days: number,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.outage.has(this.business) && !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const business = r.businesses[this.business]!;
    r.world.env.receivers.setMode(business.key, this.mode);
    m.outage.add(this.business);
    m.outageSince.set(this.business, m.nowMs);
    m.hadOutage.add(this.business);
    const ids: string[] = [];
    for (const [i, b] of this.bodies.entries()) {
      const body = `${b} #${i} ${r.canary}`;
      ids.push(await consumerWrites(m, r, this.business, this.consumer, body));
    }
    await r.world.settle();
    if (this.fine) {
      for (let t = 0; t < 40; t++) {
        await advance(m, r, MINUTE_MS);
        await r.world.settle();
      }
    }
    if (this.restart) await r.world.restart();
    for (let d = 0; d < this.days * 2; d++) {
      await advance(m, r, DAY_MS / 2);
      await r.world.settle();
    }
    await recover(m, r, this.business);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'outageEpisode', args: { business: this.business, consumer: this.consumer, mode: this.mode, bodies: this.bodies, fine: this.fine, restart: this.restart, days: this.days } };
  }
  toString(): string {
    return `outageEpisode(b${this.business} ${this.mode}, c${this.consumer} writes ${this.bodies.length}${this.fine ? ', 40 min by the minute' : ''}${this.restart ? ', target restarts' : ''}, ${this.days} d, recovers)`;
  }
}

const OUTAGE_MODES = ['error-500', 'reset'] as const;
/** An outage episode during which the target restarts. */
export const RESTART_IN_OUTAGE_REQUIRES: readonly Capability[] = ['control.restart'];

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: OutageEpisodeCommand.command,
  position: 42,
  requires: ['webhooks', 'control.clock', 'transport.signal'],
  requiresForArgs: (a) => (a.restart === true ? RESTART_IN_OUTAGE_REQUIRES : []),
  // 75–135 ms a step.
  weight: 2,
  arbitrary: (declared) =>
    fc.tuple(business, consumer, fc.constantFrom(...OUTAGE_MODES), fc.array(textBody({ maxLength: 60 }), { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.constantFrom(0, 1, 3, 9))
      .map(([b, c, mode, ts, fine, restart, days]) => new OutageEpisodeCommand(b, c, mode, ts, fine, restart && declaresAll(declared, RESTART_IN_OUTAGE_REQUIRES), days)),
  fromData: (a) => new OutageEpisodeCommand(readBusiness(a), readConsumer(a), a.oneOf('mode', OUTAGE_MODES), a.strings('bodies'), a.bool('fine'), a.bool('restart'), a.int('days', 0, 30)),
};
