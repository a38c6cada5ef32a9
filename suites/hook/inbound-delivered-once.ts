import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'HOOK-inbound-delivered-once',
  title: 'Each consumer message is forwarded once to a webhook that acknowledges at once',
  clause: {
    text: 'Paraphrase of Meta: once the Cloud API receives a user\'s message it decrypts it and forwards it to the business. A webhook the business acknowledged is not posted again: duplicates are only retries after a failed delivery.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#delivery-and-retries; docs/cloud-api-rules.md#duplicate-webhook-deliveries',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.idle'],
  faults: ['inbound-forwarded-twice'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await ctx.property(fc.array(textBody({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), async (bodies) => {
      const ids: string[] = [];
      for (const body of bodies) ids.push((await consumer.write(business.waId, { v: 0, type: 'text', text: { body } })).id);
      await world.waitFor(() => (ids.every((id) => messageEvents(world.webhooks(business)).some((e) => e.message.id === id)) ? true : undefined));
      // Anything still queued would be a duplicate: let it arrive before counting.
      await world.settle();
      const events = messageEvents(world.webhooks(business));
      const counts = ids.map((id) => events.filter((e) => e.message.id === id).length);
      expect(
        counts.every((n) => n === 1),
        'a consumer message was not forwarded exactly once, though every delivery was acknowledged with 200',
        ids.map((id) => `${id}: 1`).join(', '),
        ids.map((id, i) => `${id}: ${counts[i]}`).join(', '),
      );
    });
  },
});
