import { expect } from '../../core/expect.ts';
import { expectSendAccepted } from '../../verify/send-response.ts';
import { statusesOf } from '../../verify/webhook-events.ts';
import { RETRY_AFTER_MS } from '../../core/durations.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/**
 * The transport rejects a business for integrity (spam) with a retry-after:
 * its message fails with 131048, and the messages it sends during the
 * back-off reach the transport only after the retry-after has passed.
 */
export class IntegrityEpisodeCommand implements DataCommand {
  static readonly command = 'integrityEpisode';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly more: number,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.hadOutage.has(this.business) && ![...m.blocked].some((k) => k.startsWith(`${this.business}:`));
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const business = r.businesses[this.business]!;
    const transport = r.world.env.transport;
    const statuses = (id: string) => statusesOf(r.world.webhooks(business), id);
    transport.reject(business.waId, RETRY_AFTER_MS);
    const first = r.consumers[this.consumer]!;
    const id = expectSendAccepted(await r.world.graph.sendTemplate(business, first.waId), first.waId);
    m.outbound.set(id, { business: this.business, consumer: this.consumer, content: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }, at: m.nowMs, inWindow: false, mustFail: 'rejected by the transport for integrity' });
    touch(m, id);
    m.mayKnow.add(`${this.business}:${this.consumer}`);
    await r.world.settle();
    const failed = statuses(id).find((s) => s.status === 'failed');
    const code = (failed?.errors as Array<{ code?: unknown }> | undefined)?.[0]?.code;
    expect(code === 131048, `message ${id}, rejected by the transport for integrity, did not fail with 131048`, 'a failed status with errors[0].code 131048', failed ? JSON.stringify(failed).slice(0, 300) : statuses(id).map((s) => String(s.status)).join(', ') || 'no status');

    const before = transport.rejections.length;
    const held: string[] = [];
    for (let i = 0; i < this.more; i++) {
      const c = (this.consumer + 1 + i) % r.consumers.length;
      const to = r.consumers[c]!;
      const heldId = expectSendAccepted(await r.world.graph.sendTemplate(business, to.waId), to.waId);
      // Held, then sent after the back-off, or failed: either is right.
      m.outbound.set(heldId, { business: this.business, consumer: c, content: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }, at: m.nowMs, inWindow: false });
      touch(m, heldId);
      m.mayKnow.add(`${this.business}:${c}`);
      held.push(heldId);
    }
    await r.world.settle();
    const again = transport.rejections.slice(before).filter((x) => x.from === business.waId);
    expect(again.length === 0, 'the business kept posting envelopes to the transport during the retry-after it was given', `no envelope from b${this.business} within ${RETRY_AFTER_MS / 1000} s`, `${again.length} envelope(s) posted and rejected again`);
    for (const h of held) {
      const bad = statuses(h).find((s) => s.status !== 'failed');
      expect(bad === undefined, `message ${h}, sent during the back-off, was reported ${String(bad?.status)}`, 'failed (131048) or no status yet (held)', String(JSON.stringify(bad ?? null)).slice(0, 300));
    }
    transport.allow(business.waId);
    await advance(m, r, RETRY_AFTER_MS);
    await r.world.settle();
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'integrityEpisode', args: { business: this.business, consumer: this.consumer, more: this.more } };
  }
  toString(): string {
    return `integrityEpisode(b${this.business} rejected, template to c${this.consumer}, ${this.more} more during the back-off)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: IntegrityEpisodeCommand.command,
  position: 18,
  requires: ['transport.integrity', 'webhooks', 'control.clock'],
  weight: 4,
  arbitrary: () => fc.tuple(business, consumer, fc.integer({ min: 1, max: 3 })).map(([b, c, n]) => new IntegrityEpisodeCommand(b, c, n)),
  fromData: (a) => new IntegrityEpisodeCommand(readBusiness(a), readConsumer(a), a.int('more', 0, 10)),
};
