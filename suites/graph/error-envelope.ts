import { defineCase } from '../../harness/core/case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { invalidMessage } from '../../generators/invalid-message.ts';

export default defineCase({
  id: 'GRAPH-error-envelope',
  title: 'A send that breaks one documented rule is refused with the Graph error envelope, the right code and HTTP status',
  clause: {
    text: 'Envelope: {"error":{"message":"(#<code>) <title>","type":"OAuthException","code":<int>,"error_data":{"messaging_product":"whatsapp","details":"…"},"error_subcode"?:<int>,"fbtrace_id":"…"}}. 100 invalid parameter (400); 131008 required parameter missing (400); 131009 parameter value invalid (400); 131051 unsupported message type (400). Where the facts do not pin one code, 100 is accepted beside 131008/131009.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Responses"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#error-envelope; docs/cloud-api-rules.md#missing-or-invalid-parameter-code; docs/cloud-api-rules.md#order-of-checks',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['missing-param-as-invalid'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const to = world.env.given?.to ?? '447700900123';
    await ctx.property(invalidMessage({ to }), async (r) => {
      const version = encodeURIComponent(r.path?.version ?? world.graph.version);
      const id = encodeURIComponent(r.path?.phoneNumberId ?? caller.phoneNumberId);
      const res = await world.env.client.request('graph', 'POST', `/${version}/${id}/messages`, {
        headers: { authorization: `Bearer ${caller.accessToken}` },
        json: r.body,
      });
      expectGraphError(res, { statuses: r.statuses, codes: r.codes, because: `a send with ${r.rule}` });
    });
  },
});
