import { expect } from '../../core/expect.ts';
import type { Secret } from '../../leak/scan.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { granularity, scanStorage } from '../../verify/retention.ts';
import { RETENTION_MS } from '../../core/durations.ts';

/**
 * Reads the target's storage dump: no content canary and no consumer number
 * in any readable form, ever; nothing of a message 30 days (plus the declared
 * sweep granularity) after anything last happened to it.
 */
export class StorageAuditCommand implements DataCommand {
  static readonly command = 'storageAudit';
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    await r.world.settle();
    const g = granularity(r.world);
    const expired = [...m.outbound, ...m.inbound].map(([id, s]) => [id, m.touched.get(id) ?? (s as { at?: number }).at ?? 0] as const).filter(([, t]) => m.nowMs - t > RETENTION_MS + g);
    const secrets: Secret[] = [
      { value: r.canary, kind: 'content', label: 'content canary' },
      ...r.consumers.map((c, i) => ({ value: c.waId, kind: 'phone' as const, label: `phone of c${i}` })),
      ...expired.map(([id]) => ({ value: id, kind: 'content' as const, label: `message ${id}, untouched for more than 30 days` })),
      ...[...m.media].filter(([, x]) => m.nowMs - x.at > RETENTION_MS + g).map(([id]) => ({ value: id, kind: 'content' as const, label: `media ${id}, uploaded more than 30 days ago` })),
    ];
    const findings = await scanStorage(r.world, secrets);
    expect(findings.length === 0, 'the storage dump holds content, a consumer number, or a message past its 30 days', 'content encrypted, numbers only as keyed tokens, nothing kept past 30 days', findings.slice(0, 4).map((f) => f.chain).join('; '));
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'storageAudit', args: {} };
  }
  toString(): string {
    return 'storageAudit()';
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: StorageAuditCommand.command,
  position: 39,
  requires: ['control.storage'],
  weight: 6,
  arbitrary: () => fc.constant(null).map(() => new StorageAuditCommand()),
  fromData: () => new StorageAuditCommand(),
};
