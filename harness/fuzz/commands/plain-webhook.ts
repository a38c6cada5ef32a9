import { expectPlainWebhookRefused } from '../../verify/tls-webhook.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';

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

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: PlainWebhookCommand.command,
  position: 37,
  requires: ['tls', 'control.provision', 'webhooks', 'transport.signal'],
  weight: 6,
  arbitrary: () => fc.constant(null).map(() => new PlainWebhookCommand()),
  fromData: () => new PlainWebhookCommand(),
};
