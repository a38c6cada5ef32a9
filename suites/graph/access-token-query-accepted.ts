import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { templateRecipient } from '../../harness/run/recipients.ts';

export default defineCase({
  id: 'GRAPH-access-token-query-accepted',
  title: 'The access token is accepted as the access_token query parameter, without an Authorization header',
  clause: {
    text: 'The following cURL example represents a call to the User node. curl -i -X GET "https://graph.facebook.com/USER-ID?access_token=ACCESS-TOKEN". MUST: a send whose only credential is a valid token in the access_token query parameter is answered like the same send with Authorization: Bearer.',
    source: 'https://developers.facebook.com/docs/graph-api/overview — "Nodes"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#access-token-as-a-query-parameter',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['access-token-query-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const r = await templateRecipient(world);
    // Encoded, the token may read differently from the one registered; it is as secret.
    world.keepSecret(encodeURIComponent(r.caller.accessToken));
    const to = `+${r.digits}`;
    // The token in the query string, no Authorization header.
    const res = await world.graph.sendMessage(
      r.caller,
      { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      { auth: { inQuery: true } },
    );
    expectFormAccepted(res, { what: 'the access token as the access_token query parameter', to, waId: fixedWaId(r.digits) });
  },
});
