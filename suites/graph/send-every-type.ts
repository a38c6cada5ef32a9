import { defineCase } from '../../harness/run/define-case.ts';
import { expectWritten } from '../../harness/verify/consumer-write.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectSendAnswered } from '../../harness/verify/send-outcome.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-send-every-type',
  title: 'Every outbound message type within the documented limits is accepted with the documented 200 answer',
  clause: {
    text: 'text {body ≤ 4096, preview_url?}; image/audio/video/document/sticker: exactly one of id or link (http/https), caption ≤ 1024 (not audio), document.filename; location; contacts; interactive button/list/cta_url; template; reaction; context.message_id for replies. 200 response: {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid.…"}]}. Through the Graph API alone the recipient is the number given with --to or one no one has, whose window the harness cannot open: the 200 answer, or a documented refusal in the error envelope (131047 for a free-form type outside the window, 131026, 131030, 100/131009, 131053 for media, 132001 for a template, 130429/131056), never 131051 for a documented type.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#limits-per-message-type; docs/cloud-api-rules.md#send-response',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['location-unsupported', 'template-refused'],
  async run(ctx) {
    const { world } = ctx;
    if (!world.has('consumer') || !world.has('control.provision')) {
      // No consumer to write first: replies quote nothing and reactions made-up ids; free-form types may meet a closed window.
      const caller = await world.graphCaller();
      const to = world.recipient();
      const accepted = new Set<string>();
      await ctx.property(outboundMessage(), async (m) => {
        const outcome = expectSendAnswered(await world.graph.sendMessage(caller, sendBody(to, m)), { to, type: m.type, because: `a ${m.type} message` });
        if (outcome.accepted) accepted.add(m.type);
      }, { runs: world.givenRecipients().length > 0 ? Math.min(ctx.runs, 20) : ctx.runs });
      ctx.note(`Graph-only: sent to ${world.givenRecipients().length > 0 ? 'the --to number' : 'a number no one has'}; replies to a real consumer message and the 200 for free-form types inside an open window need a consumer (transport.signal or simulate) and control.provision${accepted.size > 0 ? `; accepted with the 200 answer: ${[...accepted].sort().join(', ')}` : '; no send was accepted, so the 200 answer was not judged'}`);
      return;
    }
    const business = await world.business();
    const consumer = await world.consumer();
    const first = { id: expectWritten(await consumer.write(business.waId, { v: 0, type: 'text', text: { body: 'hi' } })) };
    await world.settle();
    // Replies and reactions quote the consumer's real message.
    await ctx.property(outboundMessage({ replyTo: [first.id] }), async (m) => {
      expectSendAccepted(await world.graph.sendMessage(business, sendBody(consumer.waId, m)), consumer.waId, consumer.waId);
    });
  },
});
