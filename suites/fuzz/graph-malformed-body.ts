import { defineCase } from '../../harness/run/define-case.ts';
import { expectAlive, expectRefusedOrAccepted, postRaw } from '../../harness/verify/graph-fuzz.ts';
import { malformedBody } from '../../generators/malformed-body.ts';
import { sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'FUZZ-GRAPH-malformed-body',
  title: 'Malformed JSON, invalid UTF-8, deep nesting, huge bodies and wrong content types get a 4xx Graph error, never a 5xx or a hang',
  clause: {
    text: 'MUST (Graph API error handling; WhatsApp error codes): a 4xx answer within --request-timeout (no answer is a hang, and fails) with {"error":{"message","type","code":<int>}}; 100 invalid parameter (400). 131000 something went wrong (500) is for the server\'s own failures, not for a client\'s bad request. SHOULD: "message":"(#<code>) <title>", "error_data":{"details":"…"}, "fbtrace_id".',
    source: 'docs/cloud-api-rules.md#robustness-under-malformed-input; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#error-envelope',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['malformed-body-500'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const valid = sendBody(world.recipient(), { type: 'text', payload: { body: 'fuzz' } });
    // Bodies run to megabytes: a bounded number keeps the area inside its time budget.
    await ctx.property(malformedBody({ valid }), async (m) => {
      const res = await postRaw(world, caller, m.body, m.contentType, m.what);
      expectRefusedOrAccepted(res, m.what);
      await expectAlive(world, caller, m.what);
    }, { runs: Math.min(ctx.runs, 30) });
  },
});
