import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { listedBlockedUsers } from '../../harness/verify/blocked-users.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { HOUR_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'GRAPH-block-per-number',
  title: 'A block is the blocking business number\'s alone: another number the consumer talks to still reaches them, and does not list them',
  clause: {
    text: 'Block users POST|DELETE|GET /{phone-number-id}/block_users: the path names the business phone number that blocks, and GET lists the users that number blocked. A blocked consumer receives nothing from that number; a number that did not block them keeps sending to them.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operations blockUserS, unblockUserS, getBlockedUsers; docs/cloud-api-rules.md#blocking-users',
  },
  severity: 'MUST',
  requires: ['graph.block-users', 'graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['block-applies-to-every-number'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(a, consumer);
    await world.openWindow(b, consumer);
    const blocked = await world.graph.blockUsers.block(a, [`+${consumer.waId}`]);
    expect(blocked.status === 200, `${a.key} could not block the consumer`, '200 {"block_users":{"added_users":[…]}}', showResponse(blocked.status, blocked.body));
    await world.advanceClock(HOUR_MS);
    const listed = listedBlockedUsers(await world.graph.blockUsers.list(b));
    expect(listed !== undefined && !listed.numbers.includes(consumer.waId), `${b.key}'s list of blocked users names a consumer only ${a.key} blocked`, `${b.key}'s list without ${consumer.waId}`, JSON.stringify(listed));
    const id = expectSendAccepted(await world.graph.sendText(b, consumer.waId, `from ${b.key}, which never blocked the consumer`), consumer.waId);
    await expectDecryptedByConsumer(world, consumer, id);
    const failed = statusEvents(world.webhooks(b)).find((s) => s.status.id === id && s.status.status === 'failed');
    expect(failed === undefined, `${b.key}'s message failed because ${a.key} blocked the consumer`, 'no failed status', JSON.stringify(failed?.status));
    // The block itself still holds for the number that made it.
    const before = world.relayedEnvelopes().length;
    const res = await world.graph.sendText(a, consumer.waId, `from ${a.key}, which blocked the consumer`);
    await world.settle();
    const leaked = world.relayedEnvelopes().slice(before).filter((e) => e.to === consumer.waId && e.from === a.waId);
    expect(leaked.length === 0, `the consumer ${a.key} blocked received its message`, 'no envelope', `${leaked.length} envelope(s)`);
    if (res.status !== 200) expectGraphError(res, { because: 'a send to a consumer this number blocked' });
    await world.advanceClock(HOUR_MS);
    await world.graph.blockUsers.unblock(a, [`+${consumer.waId}`]);
    const again = expectSendAccepted(await world.graph.sendText(b, consumer.waId, `from ${b.key} after ${a.key} unblocked`), consumer.waId);
    await expectDecryptedByConsumer(world, consumer, again);
  },
});
