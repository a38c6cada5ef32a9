import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectSendAnswered } from '../../harness/verify/send-outcome.ts';
import { phoneNumber, type PhoneNumber } from '../../generators/phone-number.ts';

export default defineCase({
  id: 'GRAPH-send-response-shape',
  title: 'A text send answers 200 with the input echoed, a digits-only wa_id and a wamid',
  clause: {
    text: '200 response: {"messaging_product":"whatsapp","contacts":[{"input":<to as sent>,"wa_id":<digits, no \'+\'>}],"messages":[{"id":"wamid.…"}]}. MUST (Messages reference): the 200, messaging_product, the input echoed, a digits-only wa_id, a message id. SHOULD: the id starts "wamid." and is at most 128 characters (every documented example; no reference text requires it). Through the Graph API alone (no consumer the harness can vouch for) the send is a template to the number given with --to or to one no one has, with and without "+": the 200 answer, or a documented refusal in the error envelope (131026 undeliverable, 131030 not in the allowed list, 100/131009 invalid number, 132001 unknown template, 130429/131056 rate limits).',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#send-response',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['wa-id-keeps-plus'],
  async run(ctx) {
    const { world } = ctx;
    if (world.has('consumer') && world.has('control.provision')) {
      const business = await world.business();
      await ctx.property(phoneNumber(), async (phone) => {
        // The number is a real consumer who wrote first, so the send is deliverable and inside the 24-hour window.
        await world.openWindow(business, await world.consumer(phone.waId));
        expectSendAccepted(await world.graph.sendText(business, phone.asSent, 'shape check'), phone.asSent, phone.waId);
      });
      return;
    }
    // No consumer to write first: a template needs no open window, and the recipient's wa_id is the target's to say.
    const caller = await world.graphCaller();
    const given = world.givenRecipients()[0];
    let accepted = 0;
    const refused = new Set<number>();
    const judge = async (phone: PhoneNumber): Promise<void> => {
      const outcome = expectSendAnswered(await world.graph.sendTemplate(caller, phone.asSent), { to: phone.asSent, type: 'template', because: `a template to ${phone.asSent}` });
      if (outcome.accepted) accepted += 1;
      else refused.add(outcome.code);
    };
    if (given === undefined) await ctx.property(phoneNumber(), judge);
    else {
      // A real phone behind the number: one template per form, not a property's worth.
      const digits = given.replace(/^\+/, '');
      for (const asSent of [digits, `+${digits}`]) await judge({ waId: digits, asSent });
    }
    ctx.note(`Graph-only: templates to ${given === undefined ? 'numbers no one has' : 'the --to number'}; the text send to a consumer who wrote first, and wa_id as that consumer's WhatsApp id, need a consumer (transport.signal or simulate) and control.provision`);
    if (accepted === 0) ctx.note(`every send was refused (codes ${[...refused].join(', ')}): the 200 answer's shape was not judged`);
  },
});
