import type { CommandData, DataCommand } from '../command-data.ts';
import { consumerWrites, type FuzzModel, type FuzzReal } from '../model.ts';
import { StorageAuditCommand } from './storage-audit.ts';
import { WebhookOutageCommand } from './webhook-outage.ts';

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
