import { expect } from '../../core/expect.ts';
import { identityKeyHash } from '../../signal/identity-hash.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { lastAccepted, type FuzzModel, type FuzzReal } from '../model.ts';

import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';
import { DAY_MS, HOUR_MS } from '../../core/durations.ts';

/**
 * A text pinned to the consumer's identity (`recipient_identity_key_hash`):
 * the current one is an ordinary send; one from before the consumer's last
 * reinstall is refused with 137000 and nothing goes out.
 */
export class PinnedSendCommand implements DataCommand {
  static readonly command = 'pinnedSend';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly stale: boolean,
    readonly body: string,
  ) {}
  check(m: FuzzModel): boolean {
    return !this.stale || (m.oldHashes.get(this.consumer)?.length ?? 0) > 0;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const hash = this.stale ? m.oldHashes.get(this.consumer)!.at(-1)! : identityKeyHash(consumer.identityKey);
    const body = `${this.body} ${r.canary}`;
    const res = await r.world.graph.sendMessage(r.businesses[this.business]!, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'text', text: { body }, recipient_identity_key_hash: hash });
    const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    const refused = res.status >= 400 && res.status < 500 && code === 137000;
    // PROTOCOL §9: refused only while the target holds an identity for the consumer; it purges it
    // 30 days after their last message (§12), and with no identity on file the send goes ahead.
    const key = `${this.business}:${this.consumer}`;
    const last = lastAccepted(m, this.business, this.consumer);
    const age = last === undefined ? Infinity : m.nowMs - last;
    const holds = m.knows.has(key) && age < 29 * DAY_MS;
    const maybe = (m.knows.has(key) || m.mayKnow.has(key)) && age <= 30 * DAY_MS + HOUR_MS;
    if (this.stale && holds) {
      expect(refused, 'a send pinned to the consumer\'s previous identity key was not refused with 137000', '4xx {"error": {"code": 137000}}', showResponse(res.status, res.body));
    } else if (!(this.stale && maybe && refused)) {
      judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to: consumer.waId, waId: consumer.waId }, res, { body });
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'pinnedSend', args: { business: this.business, consumer: this.consumer, stale: this.stale, body: this.body } };
  }
  toString(): string {
    return `pinnedSend(b${this.business} → c${this.consumer}, ${this.stale ? 'previous' : 'current'} identity, ${JSON.stringify(this.body.slice(0, 30))})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: PinnedSendCommand.command,
  position: 17,
  requires: ['transport.signal', 'webhooks'],
  weight: 6,
  arbitrary: () => fc.tuple(business, consumer, fc.boolean(), textBody({ maxLength: 60 })).map(([b, c, stale, t]) => new PinnedSendCommand(b, c, stale, t)),
  fromData: (a) => new PinnedSendCommand(readBusiness(a), readConsumer(a), a.bool('stale'), a.str('body')),
};
