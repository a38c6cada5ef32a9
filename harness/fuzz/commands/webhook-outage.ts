import type { CommandData, DataCommand } from '../command-data.ts';
import type { HookMode } from '../../parties/webhook-receiver.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

const RECOVERY_STEPS_MS = [60_000, 5 * 60_000, 30 * 60_000, 3 * 3_600_000, 12 * 3_600_000];

/**
 * A business's webhook starts failing (500, hangs, resets) or recovers. On
 * recovery the clock moves on in growing steps so retries fall due: every
 * event must then arrive (at least once).
 */
export class WebhookOutageCommand implements DataCommand {
  static readonly command = 'webhookOutage';
  constructor(
    readonly business: number,
    readonly mode: HookMode,
  ) {}
  check(m: FuzzModel): boolean {
    // Recovering only makes sense during an outage, failing only outside one.
    return (this.mode === 'ok') === m.outage.has(this.business);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    r.world.env.receivers.setMode(r.businesses[this.business]!.key, this.mode);
    if (this.mode === 'ok') {
      // Refused for 7 days or more: retries may have run out, whatever clock steps got there.
      if (m.nowMs - (m.outageSince.get(this.business) ?? m.nowMs) >= 7 * 86_400_000) {
        for (const [id, s] of m.inbound) if (s.business === this.business) m.mayBeLost.add(id);
      }
      m.outage.delete(this.business);
      for (const step of RECOVERY_STEPS_MS) {
        await advance(m, r, step);
        await r.world.settle();
      }
    } else {
      m.outage.add(this.business);
      m.outageSince.set(this.business, m.nowMs);
      m.hadOutage.add(this.business);
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'webhookOutage', args: { business: this.business, mode: this.mode } };
  }
  toString(): string {
    return this.mode === 'ok' ? `webhookRecovers(b${this.business})` : `webhookOutage(b${this.business}, ${this.mode})`;
  }
}
