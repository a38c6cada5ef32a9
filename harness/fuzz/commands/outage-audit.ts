import type { CommandData, DataCommand } from '../command-data.ts';
import { consumerWrites, type FuzzModel, type FuzzReal } from '../model.ts';
import { StorageAuditCommand } from './storage-audit.ts';
import { WebhookOutageCommand } from './webhook-outage.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/**
 * The storage audit while webhooks wait for a retry: a business's webhook
 * fails (unless it already does), a consumer writes, and the dump is read
 * with the event queued (no number or content readable at rest).
 */
export class OutageAuditCommand implements DataCommand {
  static readonly command = 'outageAudit';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly mode: 'error-500' | 'reset',
    readonly body: string,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    if (!m.outage.has(this.business)) await new WebhookOutageCommand(this.business, this.mode).run(m, r);
    await consumerWrites(m, r, this.business, this.consumer, `${this.body} ${r.canary}`);
    await new StorageAuditCommand().run(m, r);
  }
  toData(): CommandData {
    return { command: 'outageAudit', args: { business: this.business, consumer: this.consumer, mode: this.mode, body: this.body } };
  }
  toString(): string {
    return `outageAudit(b${this.business} failing (${this.mode}), c${this.consumer} writes, storage audit)`;
  }
}

const OUTAGE_AUDIT_MODES = ['error-500', 'reset'] as const;

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: OutageAuditCommand.command,
  position: 35,
  requires: ['control.storage', 'webhooks', 'control.clock'],
  weight: 4,
  arbitrary: () => fc.tuple(business, consumer, fc.constantFrom(...OUTAGE_AUDIT_MODES), textBody({ maxLength: 40 })).map(([b, c, mode, t]) => new OutageAuditCommand(b, c, mode, t)),
  fromData: (a) => new OutageAuditCommand(readBusiness(a), readConsumer(a), a.oneOf('mode', OUTAGE_AUDIT_MODES), a.str('body')),
};
