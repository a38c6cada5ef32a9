import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { listedBlockedUsers } from '../../harness/verify/blocked-users.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-block-users',
  title: 'A blocked consumer is listed, receives nothing and the send fails; unblocking takes them off the list and restores delivery',
  clause: {
    text: 'Block users POST|DELETE|GET /{phone-number-id}/block_users: POST blocks, GET lists the blocked users ({"data":[{"messaging_product":"whatsapp","wa_id":…}]}), DELETE unblocks.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operations blockUserS, unblockUserS, getBlockedUsers; docs/cloud-api-rules.md#blocking-users; docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message',
  },
  severity: 'MUST',
  requires: ['graph.block-users'],
  faults: ['block-ignored', 'unblock-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.graphCaller();
    // Delivery to a blocked consumer shows on the transport and in status webhooks; without them only the list is judged.
    const delivery = world.has('graph.messages') && world.has('transport.signal') && world.has('webhooks') && world.has('control.provision');
    const consumer = delivery ? await world.signalConsumer() : undefined;
    const hooked = consumer && world.businesses.find((b) => b.phoneNumberId === business.phoneNumberId);
    if (consumer && hooked) await world.openWindow(hooked, consumer);
    else ctx.note('that a blocked consumer receives nothing and that unblocking restores delivery was not judged: it needs the transport and webhooks');
    const who = consumer?.waId ?? world.recipient();
    const blocked = await world.graph.blockUsers.block(business, [`+${who}`]);
    if (!consumer && blocked.status !== 200) {
      // A number that has not written to the business may not be blockable on Meta's API: any Graph error is accepted.
      expectGraphError(blocked, { because: `blocking +${who}, who may never have written to the business` });
      ctx.note(`blocking +${who} was refused (${showResponse(blocked.status, blocked.body)}), so the list was not judged; give --to a number that wrote to the business`);
      return;
    }
    expect(blocked.status === 200, 'blocking the consumer did not succeed', '200 {"block_users":{"added_users":[…]}}', showResponse(blocked.status, blocked.body));
    const listed = await world.graph.blockUsers.list(business);
    const names = listedBlockedUsers(listed);
    if (names?.more && !names.numbers.includes(who)) ctx.note(`+${who} is not on the first page of blocked users, and later pages were not read`);
    else expect(names?.numbers.includes(who) === true, 'the blocked consumer is not in the list of blocked users', `200 {"data":[…{"wa_id":"${who}"}…]}`, showResponse(listed.status, listed.body));
    if (consumer && hooked) {
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
        const failed = await world.waitFor(() => statusEvents(world.webhooks(hooked)).find((s) => s.status.id === id && s.status.status === 'failed'));
        expect(failed !== undefined, 'a send to a blocked consumer did not fail', 'a 4xx Graph error, or a failed status', `${showResponse(res.status, res.body)}; no failed status within 5 s`);
      }, { runs: Math.min(ctx.runs, 8) });
    }
    const unblocked = await world.graph.blockUsers.unblock(business, [`+${who}`]);
    expect(unblocked.status === 200, 'unblocking the consumer did not succeed', '200', showResponse(unblocked.status, unblocked.body));
    const after = await world.graph.blockUsers.list(business);
    const left = listedBlockedUsers(after);
    expect(left !== undefined && !left.numbers.includes(who), 'the unblocked consumer is still in the list of blocked users', `200 {"data":[…]} without ${who}`, showResponse(after.status, after.body));
    if (consumer) expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'welcome back'), consumer.waId);
  },
});
