import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expectAuthRefused } from '../../harness/verify/graph-error.ts';
import { secretToken } from '../../harness/core/random.ts';

type Auth = { what: string; header?: string; missing: boolean };

export default defineCase({
  id: 'GRAPH-auth-rejected',
  title: 'A Graph call without a valid access token is refused with 401 and code 190 (or 0; 104 when no bearer token is given)',
  clause: {
    text: 'auth Authorization: Bearer <token>. 0 auth exception (401); 190 access token expired/invalid (401). MUST (WhatsApp error codes; Graph API error handling): HTTP 401, {"error":{…}} with code 190 or 0 (or 104, the OpenAPI description\'s code for a missing access token, when no bearer token is given), a non-empty type and message. SHOULD: the "(#<code>) " message prefix, error_data.details, fbtrace_id; Meta\'s own documented 401, {"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"…"}}, has neither prefix nor error_data.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#authentication; docs/cloud-api-rules.md#authentication-failure-code',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['auth-error-as-400'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const wrong = secretToken('EAAT');
    world.keepSecret(wrong);
    const auth = fc.constantFrom<Auth>(
      { what: 'no Authorization header', missing: true },
      { what: 'an empty Authorization header', header: '', missing: true },
      { what: 'a Basic header', header: `Basic ${Buffer.from(`user:${caller.accessToken}`).toString('base64')}`, missing: true },
      { what: '"Bearer" without a token', header: 'Bearer', missing: true },
      { what: 'the token without "Bearer"', header: caller.accessToken, missing: true },
      { what: 'an unknown token', header: `Bearer ${wrong}`, missing: false },
      { what: 'the token with a character changed', header: `Bearer ${caller.accessToken.slice(0, -1)}${caller.accessToken.endsWith('x') ? 'y' : 'x'}`, missing: false },
    );
    await ctx.property(auth, async (a) => {
      const headers: Record<string, string> = a.header === undefined ? {} : { authorization: a.header };
      // Malformed on purpose: the Authorization header is missing or broken.
      const res = await world.graph.raw('POST', `/${caller.phoneNumberId}/messages`, {
        headers,
        json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: world.recipient(), type: 'text', text: { body: 'who am I' } },
      });
      expectAuthRefused(res, { tokenMissing: a.missing, because: `a send with ${a.what}` });
    }, { runs: Math.min(ctx.runs, 14) });
  },
});
