import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { invalidMessage } from '../../generators/invalid-message.ts';
import type { World } from '../../harness/run/world.ts';
import type { GraphCaller } from '../../harness/target/graph-api.ts';

export default defineCase({
  id: 'GRAPH-error-envelope',
  title: 'A send that breaks one documented rule is refused with the Graph error envelope, the right code and HTTP status',
  clause: {
    text: 'MUST (Graph API error handling; WhatsApp error codes): the HTTP status and {"error":{"message":"…","type":"…","code":<int>}} with a non-empty message and type. 100 invalid parameter (400); 131008 required parameter missing (400); 131009 parameter value invalid (400); 131051 unsupported message type (400); 131021 recipient cannot be sender (400), a send to the business\'s own number (known from provisioning, or from GET /{phone-number-id} display_phone_number); where the documentation does not pin one code, 100 is accepted beside 131008/131009/131051. SHOULD: "message":"(#<code>) <title>" (titles "will eventually be deprecated"), "error_data":{"details":"…"}, "fbtrace_id". A message without `type` is a text message (Messages reference: type optional, default text): accepted or refused, both conform.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Responses"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#error-envelope; docs/cloud-api-rules.md#missing-or-invalid-parameter-code; docs/cloud-api-rules.md#order-of-checks',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['missing-param-as-invalid', 'self-send-as-invalid'],
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
    const own = await ownNumber(world, caller);
    if (own === undefined) {
      ctx.note('a send to the business\'s own number (131021) was not judged: the target has no control plane and does not answer GET /{phone-number-id}?fields=display_phone_number');
      return;
    }
    const res = await world.graph.sendMessage(caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to: own, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expectGraphError(res, { statuses: [400], codes: [131021], because: 'a send to the business\'s own number' });
  },
});

/** The business number's digits: as provisioned, else as the Graph API shows it (display_phone_number may be formatted). */
async function ownNumber(world: World, caller: GraphCaller): Promise<string | undefined> {
  const provisioned = world.businesses.find((b) => b.phoneNumberId === caller.phoneNumberId);
  if (provisioned) return provisioned.waId;
  const res = await world.graph.phoneNumber(caller, 'display_phone_number');
  const shown = (res.json as { display_phone_number?: unknown } | undefined)?.display_phone_number;
  const digits = res.status === 200 && typeof shown === 'string' ? shown.replace(/\D/g, '') : '';
  return /^\d{7,15}$/.test(digits) ? digits : undefined;
}
