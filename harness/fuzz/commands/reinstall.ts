import { expect } from '../../core/expect.ts';
import { identityKeyHash } from '../../signal/identity-hash.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { lastAccepted, touch, type FuzzModel, type FuzzReal } from '../model.ts';

import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { consumer, readConsumer } from '../command-args.ts';
import { DAY_MS, HOUR_MS } from '../../core/durations.ts';

/**
 * A consumer reinstalls the app (a new Signal identity, every session gone)
 * and writes to every business. Each business that knew the old identity is
 * told once (a `customer_identity_changed` system message); every message
 * still decrypts both ways; a send pinned to the old identity is refused.
 */
export class ReinstallCommand implements DataCommand {
  static readonly command = 'reinstall';
  constructor(
    readonly consumer: number,
    readonly body: string,
  ) {}
  check(m: FuzzModel): boolean {
    // A blocked consumer's message might not reach the business, which would then keep the old session.
    return ![...m.blocked].some((k) => k.endsWith(`:${this.consumer}`));
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    m.oldHashes.set(this.consumer, [...(m.oldHashes.get(this.consumer) ?? []), identityKeyHash(consumer.identityKey)]);
    await consumer.reinstall();
    for (const [bi, business] of r.businesses.entries()) {
      const key = `${bi}:${this.consumer}`;
      // Thirty days after their last message the target has purged the consumer, identity included.
      const last = lastAccepted(m, bi, this.consumer);
      const age = last === undefined ? Infinity : m.nowMs - last;
      const kept = age < 29 * DAY_MS && m.knows.has(key);
      const maybe = age <= 30 * DAY_MS + HOUR_MS && (m.knows.has(key) || m.mayKnow.has(key));
      if (kept) m.identityChanges.set(key, (m.identityChanges.get(key) ?? 0) + 1);
      if (kept || maybe) m.identityChangesMax.set(key, (m.identityChangesMax.get(key) ?? 0) + 1);
      const body = `${this.body} (new phone) ${r.canary}`;
      const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body } });
      expect(sent.response.status === 200, 'the target refused a consumer envelope', 'HTTP 200', `HTTP ${sent.response.status}`);
      m.inbound.set(sent.id, { business: bi, consumer: this.consumer, body });
      m.lastInbound.set(key, m.nowMs);
      touch(m, sent.id);
      m.knows.add(key);
      // One at a time: the business must learn the new identity before the next step sends.
      await r.world.settle();
    }
    // A send pinned to the identity from before the reinstall is refused (137000).
    const stale = m.oldHashes.get(this.consumer)!.at(-1)!;
    const res = await r.world.graph.sendMessage(r.businesses[0]!, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'text', text: { body: `to the old phone ${r.canary}` }, recipient_identity_key_hash: stale });
    const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    expect(res.status >= 400 && res.status < 500 && code === 137000, 'a send pinned to the consumer\'s previous identity key was not refused with 137000', '4xx {"error": {"code": 137000}}', showResponse(res.status, res.body));
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'reinstall', args: { consumer: this.consumer, body: this.body } };
  }
  toString(): string {
    return `reinstall(c${this.consumer}, then writes ${JSON.stringify(this.body.slice(0, 30))} to every business)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: ReinstallCommand.command,
  position: 15,
  requires: ['transport.signal', 'webhooks'],
  weight: 4,
  arbitrary: () => fc.tuple(consumer, textBody({ maxLength: 60 })).map(([c, t]) => new ReinstallCommand(c, t)),
  fromData: (a) => new ReinstallCommand(readConsumer(a), a.str('body')),
};
