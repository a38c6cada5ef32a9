import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { statusesOf } from '../../harness/verify/webhook-events.ts';

/** Polls without settling: the target is busy until the held answer is released. */
async function within<T>(ms: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export default defineCase({
  id: 'HOOK-status-sent-before-delivered',
  title: 'A delivery receipt that arrives before the transport answered the envelope still gives the business `sent` first, then `delivered`, and never `sent` after it',
  clause: {
    text: 'Status webhooks of one message never go backwards: sent, then delivered, then read; a `sent` after `delivered` is backwards (MUST). A message the consumer received was sent: its `delivered` is preceded by a `sent` (SHOULD: Meta\'s lifecycle shows sent first; a `read` alone is the documented exception), even when the consumer\'s receipt reaches the target before the transport\'s answer to the envelope.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#webhook-statuses; harness/PROTOCOL.md#31-work-in-flight-across-a-crash',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.idle'],
  faults: ['receipt-before-sent-skips-sent'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    const hold = world.holdNextEnvelopeAnswer(consumer.waId);
    let id: string;
    try {
      id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'answered late'), consumer.waId);
      const got = await within(5_000, async () => (await consumer.receive()).find((m) => m.envelope.id === id) ?? consumer.received.find((m) => m.envelope.id === id));
      expect(got !== undefined && hold.taken(), 'the message never reached the consumer while its answer was held', `envelope ${id} on the transport`, 'none within 5 s');
      await consumer.receipt('delivered', business.waId, [id]);
      // The target tells the business of the receipt before it hears from the transport (it may also wait: both are judged below).
      await within(3_000, () => statusesOf(world.deliveriesTo(business), id).find((s) => s.status === 'delivered'));
    } finally {
      hold.release();
    }
    await world.settle();
    const seen = await world.waitFor(() => {
      const s = statusesOf(world.webhooks(business), id);
      return s.some((x) => x.status === 'delivered') ? s : undefined;
    });
    expect(seen !== undefined, 'the consumer\'s delivery receipt never became a `delivered` status', `a delivered status for ${id}`, JSON.stringify(statusesOf(world.webhooks(business), id)));
    const order = seen.map((s) => String(s.status));
    const delivered = order.indexOf('delivered');
    expect(!order.slice(delivered + 1).includes('sent'), 'a `sent` status came after `delivered`', 'sent, then delivered; never sent after delivered', order.join(', '));
    ctx.should(order.slice(0, delivered).includes('sent'), 'the business got `delivered` without a `sent` before it', 'sent, then delivered', order.join(', '));
  },
});
