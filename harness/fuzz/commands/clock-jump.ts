import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, WEBHOOK_RETRY_MS } from '../../core/durations.ts';

/** Virtual time passes: seconds to 40 days, across the 24-hour window and the 30-day limits. */
export class ClockJumpCommand implements DataCommand {
  static readonly command = 'clockJump';
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    await advance(m, r, this.ms);
    // A week or more inside an outage: the target may give up on what it could not deliver (7-day retries).
    if (this.ms >= WEBHOOK_RETRY_MS) {
      for (const [id, sent] of m.inbound) if (m.outage.has(sent.business)) m.mayBeLost.add(id);
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'clockJump', args: { ms: this.ms } };
  }
  toString(): string {
    const units: Array<[number, string]> = [[DAY_MS, 'd'], [HOUR_MS, 'h'], [MINUTE_MS, 'min'], [SECOND_MS, 's']];
    const [size, unit] = units.find(([s]) => this.ms >= s && this.ms % s === 0) ?? [1, 'ms'];
    return `clockJump(${this.ms / size}${unit})`;
  }
}


/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: ClockJumpCommand.command,
  position: 43,
  requires: ['control.clock'],
  weight: 6,
  arbitrary: () => fc.constantFrom(SECOND_MS, 60 * SECOND_MS, 3600 * SECOND_MS, 23 * 3600 * SECOND_MS, 25 * 3600 * SECOND_MS, 8 * DAY_MS, 31 * DAY_MS, 40 * DAY_MS).map((ms) => new ClockJumpCommand(ms)),
  fromData: (a) => new ClockJumpCommand(a.int('ms', 1, 400 * DAY_MS)),
};
