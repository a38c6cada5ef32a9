import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { phoneNumber } from '../../generators/phone-number.ts';

export default defineCase({
  id: 'GRAPH-send-response-shape',
  title: 'A text send answers 200 with the input echoed, a digits-only wa_id and a wamid',
  clause: {
    text: '200 response: {"messaging_product":"whatsapp","contacts":[{"input":<to as sent>,"wa_id":<digits, no \'+\'>}],"messages":[{"id":"wamid.…"}]}. MUST (Messages reference): the 200, messaging_product, the input echoed, a digits-only wa_id, a message id. SHOULD: the id starts "wamid." and is at most 128 characters (every documented example; no reference text requires it).',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#send-response',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['wa-id-keeps-plus'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    await ctx.property(phoneNumber(), async (phone) => {
      // The number is a real consumer who wrote first, so the send is deliverable and inside the 24-hour window.
      await world.openWindow(business, await world.consumer(phone.waId));
      expectSendAccepted(await world.graph.sendText(business, phone.asSent, 'shape check'), phone.asSent, phone.waId);
    });
  },
});
