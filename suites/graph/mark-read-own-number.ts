import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectMarkReadAnswered } from '../../harness/verify/mark-read.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { HOUR_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'GRAPH-mark-read-own-number',
  title: 'A business marks read only messages sent to its own number: marking another number\'s message sends the consumer no read receipt',
  clause: {
    text: 'Mark read: {"messaging_product":"whatsapp","status":"read","message_id":"<id of the incoming message>"} on POST /{phone-number-id}/messages marks a message that number received. A message a consumer sent to another business number is not one this number received: the answer may be {"success":true} or a Graph error (as for any id the number never received), but the consumer gets no read receipt from this number for it (SHOULD: Meta documents the incoming message only).',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read — "Mark messages as read"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#mark-as-read-and-typing',
  },
  severity: 'SHOULD',
  requires: ['graph.messages', 'transport.signal', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['mark-read-any-business'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await consumer.send(b.waId, { v: 0, type: 'text', text: { body: `to ${b.key}` } });
    const toA = await consumer.send(a.waId, { v: 0, type: 'text', text: { body: `to ${a.key}` } });
    await world.settle();
    await world.advanceClock(HOUR_MS);
    expectMarkReadAnswered(await world.graph.markRead(b, toA.id), `${b.key} marking read a message the consumer sent to ${a.key}`);
    await world.settle();
    const foreign = world.receipts().filter((r) => r.from === b.waId && r.message_ids.includes(toA.id));
    ctx.should(foreign.length === 0, `the consumer got a read receipt from ${b.key} for a message they sent to ${a.key}`, `no receipt from ${b.waId} naming ${toA.id}`, JSON.stringify(foreign));
    await world.advanceClock(HOUR_MS);
    const own = await world.graph.markRead(a, toA.id);
    expect(own.status === 200, `${a.key} could not mark read the consumer's message to it`, '200 {"success":true}', showResponse(own.status, own.body));
    const read = await world.waitFor(() => world.receipts().find((r) => r.type === 'read' && r.from === a.waId && r.to === consumer.waId && r.message_ids.includes(toA.id)));
    expect(read !== undefined, 'the consumer never got the read receipt', `a read receipt from ${a.waId} naming ${toA.id}`, JSON.stringify(world.receipts()));
  },
});
