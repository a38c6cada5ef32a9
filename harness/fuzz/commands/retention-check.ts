import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { StorageAuditCommand } from './storage-audit.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { granularity } from '../../verify/retention.ts';
import { DAY_MS, HOUR_MS, RETENTION_MS, SECOND_MS, WEBHOOK_RETRY_MS } from '../../core/durations.ts';

/**
 * The clock moves to just past 30 days (plus the declared sweep granularity)
 * after the latest thing that happened to any message, then the storage dump
 * is audited: nothing of those messages, and no consumer number, may be left.
 */
export class RetentionCheckCommand implements DataCommand {
  static readonly command = 'retentionCheck';
  constructor(readonly afterMs: number) {}
  check(m: FuzzModel): boolean {
    return m.touched.size > 0;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const g = granularity(r.world);
    const latest = Math.max(...m.touched.values());
    const target = latest + RETENTION_MS + g + this.afterMs;
    if (target > m.nowMs) {
      await advance(m, r, target - m.nowMs);
      // A week or more inside an outage: the target may give up on what it could not deliver.
      if (target - latest >= WEBHOOK_RETRY_MS) for (const [id, s] of m.inbound) if (m.outage.has(s.business)) m.mayBeLost.add(id);
    }
    await new StorageAuditCommand().run(m, r);
  }
  toData(): CommandData {
    return { command: 'retentionCheck', args: { afterMs: this.afterMs } };
  }
  toString(): string {
    return `retentionCheck(30 days + ${this.afterMs} ms after the latest activity)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RetentionCheckCommand.command,
  position: 40,
  requires: ['control.storage', 'control.clock', 'retention'],
  weight: 4,
  arbitrary: () => fc.oneof(fc.constant(SECOND_MS), fc.integer({ min: SECOND_MS, max: 23 * HOUR_MS })).map((ms) => new RetentionCheckCommand(ms)),
  fromData: (a) => new RetentionCheckCommand(a.int('afterMs', 0, 400 * DAY_MS)),
};
