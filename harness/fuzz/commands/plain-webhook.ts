import { expect } from '../../core/context.ts';
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
    const plain = r.world.env.server.publicUrl.replace(/^https:/, 'http:');
    const { business, response } = await r.world.tryBusiness({ webhookBase: plain });
    expect(
      response.status >= 400 && response.status < 500,
      'a business was provisioned with a plain http:// webhook URL in production mode',
      'a 4xx refusal',
      `HTTP ${response.status} for ${business.webhookUrl}`,
    );
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: PlainWebhookCommand.command, args: {} };
  }
  toString(): string {
    return 'plainWebhookInProduction()';
  }
}
