import type { CommandData, DataCommand } from '../command-data.ts';
import type { HookMode } from '../../core/hook-mode.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { recover } from '../recovery.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';


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
    if (this.mode === 'ok') {
      await recover(m, r, this.business);
    } else {
      r.world.env.receivers.setMode(r.businesses[this.business]!.key, this.mode);
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

/**
 * Recovery, or a fast failure (500, reset): a hanging endpoint costs seconds
 * per attempt (HOOK-retry-* cover it), and a slow answer is no outage.
 */
export const WEBHOOK_OUTAGE_MODES = ['ok', 'error-500', 'reset'] as const satisfies readonly HookMode[];

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: WebhookOutageCommand.command,
  position: 4,
  requires: ['webhooks', 'control.clock'],
  weight: 6,
  arbitrary: () => fc.tuple(business, fc.constantFrom(...WEBHOOK_OUTAGE_MODES)).map(([b, mode]) => new WebhookOutageCommand(b, mode)),
  fromData: (a) => new WebhookOutageCommand(readBusiness(a), a.oneOf('mode', WEBHOOK_OUTAGE_MODES)),
};
