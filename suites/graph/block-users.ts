import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-block-users',
  title: 'A consumer the business blocked receives nothing and the send fails; unblocking restores delivery',
  clause: {
    text: 'Block users POST|DELETE|GET /{phone-number-id}/block_users.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operations blockUserS, unblockUserS, getBlockedUsers; docs/cloud-api-rules.md#blocking-users; docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'graph.block-users', 'transport.signal', 'webhooks', 'control.provision'],
  faults: ['block-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await world.openWindow(business, consumer);
    const blocked = await world.graph.blockUsers.block(business, [`+${consumer.waId}`]);
    expect(blocked.status === 200, 'blocking the consumer did not succeed', '200 {"block_users":{"added_users":[…]}}', showResponse(blocked.status, blocked.body));
    await ctx.property(outboundMessage({ types: ['text', 'image', 'location', 'interactive'] }), async (m) => {
      const before = world.relayedEnvelopes().length;
      const res = await world.graph.sendMessage(business, sendBody(consumer.waId, m));
      await world.settle();
      // Delivery is checked first: it fails fast, where waiting for a status would not.
      const sent = world.relayedEnvelopes().slice(before).filter((e) => e.to === consumer.waId);
      expect(sent.length === 0, 'a blocked consumer received a message', 'no envelope to the blocked consumer', `${sent.length} envelope(s) after ${showResponse(res.status, res.body)}`);
      if (res.status !== 200) {
        expectGraphError(res, { because: 'a send to a blocked consumer' });
        return;
      }
      const id = (res.json as { messages?: { id?: string }[] }).messages?.[0]?.id;
      const failed = await world.waitFor(() => statusEvents(world.webhooks(business)).find((s) => s.status.id === id && s.status.status === 'failed'));
      expect(failed !== undefined, 'a send to a blocked consumer did not fail', 'a 4xx Graph error, or a failed status', `${showResponse(res.status, res.body)}; no failed status within 5 s`);
    }, { runs: Math.min(ctx.runs, 8) });
    const unblocked = await world.graph.blockUsers.unblock(business, [`+${consumer.waId}`]);
    expect(unblocked.status === 200, 'unblocking the consumer did not succeed', '200', showResponse(unblocked.status, unblocked.body));
    expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'welcome back'), consumer.waId);
  },
});
