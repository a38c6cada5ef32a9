import { expect } from '../../core/expect.ts';
import { HarnessError } from '../../core/errors.ts';
import { messageEvents } from '../../verify/webhook-events.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

/**
 * A compromised directory hands one of the business's one-time prekeys to two
 * newcomers: the first handshake is forwarded, the second (same prekey) never.
 */
export class PrekeyTwinCommand implements DataCommand {
  static readonly command = 'prekeyTwin';
  constructor(
    readonly business: number,
    readonly body: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const business = r.businesses[this.business]!;
    const transport = r.world.env.transport;
    const bundle = transport.fetchBundle(business.waId);
    // With no one-time prekey left there is nothing to reuse.
    if (!bundle?.prekey) return;
    const twin = transport.bundleWithPreKey(business.waId, bundle.prekey.id);
    if (!twin) throw new HarnessError('HARNESS_INTERNAL', `the directory lost prekey ${bundle.prekey.id} of ${business.waId}`);
    const [first, second] = [await r.world.signalConsumer(), await r.world.signalConsumer()];
    const a = await first.post(await first.encrypt(business.waId, { v: 0, type: 'text', text: { body: `${this.body} first ${r.canary}` } }, undefined, bundle));
    await r.world.settle();
    const b = await second.post(await second.encrypt(business.waId, { v: 0, type: 'text', text: { body: `${this.body} second ${r.canary}` } }, undefined, twin));
    await r.world.settle();
    const events = messageEvents(r.world.webhooks(business));
    expect(events.some((e) => e.message.id === a.id), 'the first handshake on a one-time prekey was not forwarded', `a messages webhook for ${a.id}`, 'none');
    expect(!events.some((e) => e.message.id === b.id), `a second handshake on one-time prekey ${bundle.prekey.id} was accepted`, 'the prekey deleted after its first use, the second PreKey message refused', 'forwarded');
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'prekeyTwin', args: { business: this.business, body: this.body } };
  }
  toString(): string {
    return `prekeyTwin(b${this.business}: two newcomers on one one-time prekey)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: PrekeyTwinCommand.command,
  position: 30,
  requires: ['transport.signal', 'webhooks'],
  weight: 4,
  arbitrary: () => fc.tuple(business, textBody({ maxLength: 60 })).map(([b, t]) => new PrekeyTwinCommand(b, t)),
  fromData: (a) => new PrekeyTwinCommand(readBusiness(a), a.str('body')),
};
