import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { RETRY_AFTER_MS } from '../../harness/core/durations.ts';
import { sendUntilFailed } from '../../harness/verify/integrity-rejection.ts';
import { statusesOf } from '../../harness/verify/webhook-events.ts';

export default defineCase({
  id: 'INT-rejection-backs-off',
  title: 'After an integrity rejection the business backs off: no envelope reaches the transport until retry-after has passed',
  clause: {
    text: 'Paraphrase of Meta: WhatsApp protects users by detecting unusual messaging patterns, like a business trying to message all users. Protocol: after an integrity rejection the target posts no envelope from that business until retry_after_ms has passed.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#integrity-and-billing; harness/PROTOCOL.md#41-integrity-decisions-and-signals-capability-transportintegrity',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.integrity'],
  faults: ['integrity-reject-no-backoff'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const first = await world.signalConsumer();
    // A business messaging many users at once.
    await ctx.property(
      fc.integer({ min: 2, max: 6 }),
      async (many) => {
        world.rejectEnvelopesFrom(business.waId, RETRY_AFTER_MS);
        await sendUntilFailed(world, business, first.waId, { template: 'first_of_many' });
        const before = world.rejections().length;
        const consumers = await Promise.all(Array.from({ length: many }, () => world.signalConsumer()));
        const ids = await Promise.all(consumers.map(async (c) => expectSendAccepted(await world.graph.sendTemplate(business, c.waId, 'and_another'), c.waId)));
        await world.settle();
        const attempts = world.rejections().slice(before).filter((r) => r.from === business.waId);
        expect(
          attempts.length === 0,
          'the business kept posting envelopes to the transport during the retry-after it was given',
          `no envelope from ${business.waId} within ${RETRY_AFTER_MS / 1000} s of virtual time`,
          `${attempts.length} envelope(s) posted and rejected again`,
        );
        for (const id of ids) {
          const bad = statusesOf(world.webhooks(business), id).find((s) => s.status !== 'failed');
          expect(bad === undefined, `message ${id}, sent during the back-off, was reported other than failed`, 'failed (131048) or no status yet (held)', JSON.stringify(bad));
        }
        // Forgiven afterwards, so held messages do not spill into the next run.
        world.acceptEnvelopesFrom(business.waId);
        await world.advanceClock(RETRY_AFTER_MS);
        await world.settle();
      },
      { runs: Math.min(ctx.runs, 3) },
    );
  },
});
