import { expectPlainWebhookRefused } from '../../verify/tls-webhook.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

/** In production mode (a TLS run), provisioning a business with a plain http:// webhook URL must be refused. */
export class PlainWebhookCommand implements DataCommand {
  static readonly command = 'plainWebhookInProduction';
  check(m: Readonly<FuzzModel>): boolean {
    return m.production;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    await expectPlainWebhookRefused(r.world);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: PlainWebhookCommand.command, args: {} };
  }
  toString(): string {
    return 'plainWebhookInProduction()';
  }
}
