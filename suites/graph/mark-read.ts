import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';

export default defineCase({
  id: 'GRAPH-mark-read',
  title: 'A business marks only incoming messages read (with an optional typing indicator), and the consumer gets the read receipt',
  clause: {
    text: 'Mark read / typing: body {"messaging_product":"whatsapp","status":"read","message_id":"wamid…"} (+ "typing_indicator":{"type":"text"}) → {"success":true}. Only incoming messages can be marked read.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#mark-as-read-and-typing; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['mark-read-outgoing-accepted'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    const receipts = () => world.receipts();
    for (const typing of [false, true]) {
      const incoming = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: `read me${typing ? ' and type' : ''}` } });
      await world.settle();
      const res = await world.graph.markRead(business, incoming.id, typing);
      expect(res.status === 200 && (res.json as { success?: unknown } | undefined)?.success === true, 'marking an incoming message read did not succeed', '200 {"success":true}', showResponse(res.status, res.body));
      const read = await world.waitFor(() => receipts().find((r) => r.type === 'read' && r.to === consumer.waId && r.from === business.waId && r.message_ids.includes(incoming.id)));
      expect(read !== undefined, 'the consumer never received the read receipt', `POST /v0/receipts {"type":"read","from":"${business.waId}","to":"${consumer.waId}","message_ids":["${incoming.id}"]}`, JSON.stringify(receipts()));
      if (typing) {
        const shown = await world.waitFor(() => receipts().find((r) => r.type === 'typing' && r.to === consumer.waId && r.message_ids.includes(incoming.id)));
        expect(shown !== undefined, 'the consumer never received the typing indicator', `POST /v0/receipts {"type":"typing",…,"message_ids":["${incoming.id}"]}`, JSON.stringify(receipts()));
      }
    }
    const outgoing = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'my own message'), consumer.waId);
    await world.settle();
    expectGraphError(await world.graph.markRead(business, outgoing), { because: 'marking the business\'s own outgoing message read' });
    expectGraphError(await world.graph.markRead(business, 'wamid.HBgLnotamessageofthisnumber'), { because: 'marking an unknown message id read' });
  },
});
