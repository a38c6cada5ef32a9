import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-send-every-type',
  title: 'Every outbound message type within the documented limits is accepted with the documented 200 answer',
  clause: {
    text: 'text {body ≤ 4096, preview_url?}; image/audio/video/document/sticker: exactly one of id or link (http/https), caption ≤ 1024 (not audio), document.filename; location; contacts; interactive button/list/cta_url; template; reaction; context.message_id for replies. 200 response: {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid.…"}]}.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#limits-per-message-type; docs/cloud-api-rules.md#send-response',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['location-unsupported'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    const first = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hi' } });
    await world.settle();
    // Replies and reactions quote the consumer's real message.
    await ctx.property(outboundMessage({ replyTo: [first.id] }), async (m) => {
      expectSendAccepted(await world.graph.sendMessage(business, sendBody(consumer.waId, m)), consumer.waId, consumer.waId);
    });
  },
});
