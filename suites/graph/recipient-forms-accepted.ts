import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { templateRecipient } from '../../harness/run/recipients.ts';
import { punctuated } from '../../generators/punctuated-number.ts';

export default defineCase({
  id: 'GRAPH-recipient-forms-accepted',
  title: 'A `to` written with "+", spaces, hyphens and parentheses is accepted, with the digits as wa_id',
  clause: {
    text: 'Plus signs (+), hyphens (-), parenthesis ((,)), and spaces are supported in send message requests. […] +1 (631) 555-1234 → +16315551234, Correct number. MUST: a template send whose `to` is the recipient\'s number with "+" and country code, written with spaces, hyphens or parentheses, is answered 200 with contacts[0].input as sent and wa_id the digits (outside Brazil and Mexico, whose prefix Meta may change).',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages — "WhatsApp User Phone Number Formats"; https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers — "WhatsApp user phone number formats"; docs/cloud-api-rules.md#recipient-phone-number-forms',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['recipient-punctuation-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await templateRecipient(world);
    await ctx.property(punctuated(r.digits), async (to) => {
      // Documented but unusual form: `to` with punctuation; a template, so the 24-hour window does not matter.
      const res = await world.graph.sendTemplate(r.caller, to);
      expectFormAccepted(res, { what: `a \`to\` of ${JSON.stringify(to)}`, to, waId: fixedWaId(r.digits) });
    }, { runs: Math.min(ctx.runs, 12) });
  },
});
