import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { DAY_MS, RETENTION_MS } from '../../harness/core/durations.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { canary } from '../../harness/verify/storage-secrets.ts';
import { justAfter, justBefore } from '../../generators/near-limit.ts';

const comeback = fc.oneof(
  fc.record({ side: fc.constant('before' as const), by: justBefore() }),
  fc.record({ side: fc.constant('after' as const), by: justAfter() }),
);

export default defineCase({
  id: 'RET-undelivered-retransmitted-until-30-days',
  title: 'A message for an offline consumer is delivered when they come back before 30 days; after 30 days it never is, and the business gets a failed status',
  clause: {
    text: '"The Cloud API service stores the messages temporarily and takes on the task to send the message to the WhatsApp platform. Messages are stored for any necessary retransmissions." Retention is at most 30 days; after that, retransmission is no longer available.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#retention-30-days; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'control.storage', 'retention'],
  faults: ['retransmit-after-30-days', 'retention-31-days'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    await ctx.property(
      fc.record({ comeback, jumps: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }), tag: fc.stringMatching(/^[a-z0-9]{8}$/) }),
      async ({ comeback: c, jumps, tag }) => {
        const business = await world.business();
        const consumer = await world.signalConsumer();
        await world.openWindow(business, consumer);
        world.takeOffline(consumer.waId);
        const text = `while offline ${tag}`;
        const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, text), consumer.waId);
        await world.settle();
        // Outages and clock jumps while the phone is off: the message must wait, not fail.
        const age = c.side === 'before' ? RETENTION_MS - g - c.by : RETENTION_MS + c.by;
        let moved = 0;
        for (const d of jumps) {
          if (moved + d * DAY_MS >= age) break;
          await world.advanceClock(d * DAY_MS);
          moved += d * DAY_MS;
          await world.settle();
        }
        await world.advanceClock(age - moved);
        await world.settle();
        world.bringOnline(consumer.waId);
        await world.advanceClock(g);
        await world.settle();
        const statuses = () => statusEvents(world.webhooks(business)).filter((e) => e.status.id === id).map((e) => String(e.status.status));
        if (c.side === 'before') {
          await expectDecryptedByConsumer(world, consumer, id);
          expect(!statuses().includes('failed'), `${id} failed although its consumer came back ${c.by + g} ms before 30 days`, 'no failed status', statuses().join(', '));
          return;
        }
        const relayed = world.relayedEnvelopes().filter((e) => e.id === id).length;
        expect(relayed === 0, `${id} was retransmitted ${c.by} ms after its 30 days ran out`, 'no envelope for it once 30 days passed', `${relayed} envelope(s)`);
        const failed = await world.waitFor(() => (statuses().includes('failed') ? true : undefined));
        expect(failed === true, `no failed status for ${id}, undelivered past 30 days`, 'a "failed" status webhook', statuses().join(', ') || 'no status at all');
        expectNoLeaks(await scanStorage(world, [canary(text)]), 'the content of the expired message is still at rest', 'no trace of it in the storage dump');
      },
      { runs: Math.min(ctx.runs, 6) },
    );
  },
});
