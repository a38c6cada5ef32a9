import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { invalidMessage } from '../../generators/invalid-message.ts';

export default defineCase({
  id: 'GRAPH-error-envelope',
  title: 'A send that breaks one documented rule is refused with the Graph error envelope, the right code and HTTP status',
  clause: {
    text: 'MUST (Graph API error handling; WhatsApp error codes): the HTTP status and {"error":{"message":"…","type":"…","code":<int>}} with a non-empty message and type. 100 invalid parameter (400); 131008 required parameter missing (400); 131009 parameter value invalid (400); 131051 unsupported message type (400); where the documentation does not pin one code, 100 is accepted beside 131008/131009/131051. SHOULD: "message":"(#<code>) <title>" (titles "will eventually be deprecated"), "error_data":{"details":"…"}, "fbtrace_id". A message without `type` is a text message (Messages reference: type optional, default text): accepted or refused, both conform.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Responses"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#error-envelope; docs/cloud-api-rules.md#missing-or-invalid-parameter-code; docs/cloud-api-rules.md#order-of-checks',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['missing-param-as-invalid'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const to = world.recipient();
    await ctx.property(invalidMessage({ to }), async (r) => {
      // The path as drawn (a version or phone-number id broken on purpose), URI-encoded.
      const res = await world.graph.sendMessage(caller, r.body, { at: r.path ?? {} });
      if (r.acceptedTo !== undefined && res.status === 200) {
        expectSendAccepted(res, r.acceptedTo);
        return;
      }
      expectGraphError(res, { statuses: r.statuses, codes: r.codes, because: `a send with ${r.rule}` });
    });
  },
});
