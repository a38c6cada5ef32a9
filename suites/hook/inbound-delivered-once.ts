import fc from 'fast-check';
import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'HOOK-inbound-delivered-once',
  title: 'Each consumer message is forwarded once to a webhook that acknowledges at once',
  clause: {
    text: 'A consumer\'s ciphertext arrives at the business webhook as exactly the plaintext sent, once.',
    source: 'seed promise S2 (CLOUD-API-FACTS §1); duplicates are allowed only as retries after a failed delivery (§4)',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['inbound-forwarded-twice'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await ctx.property(fc.array(textBody({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), async (bodies) => {
      const ids: string[] = [];
      for (const body of bodies) ids.push((await consumer.send(business.waId, { v: 0, type: 'text', text: { body } })).id);
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
