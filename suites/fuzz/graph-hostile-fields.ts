import { defineCase } from '../../harness/run/define-case.ts';
import { expectAlive, expectRefusedOrAccepted, postRaw } from '../../harness/verify/graph-fuzz.ts';
import { hostileRequest } from '../../generators/hostile-request.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'FUZZ-GRAPH-hostile-fields',
  title: 'Hostile strings, wrong JSON types, unknown fields and duplicate keys in any field never get a 5xx',
  clause: {
    text: 'Unknown JSON fields must be ignored. A request the receiver cannot accept is answered with a Graph error. MUST (Graph API error handling; WhatsApp error codes): a 4xx, never a 5xx, within --request-timeout (a hang fails), {"error":{"message","type","code"}}. SHOULD: the "(#<code>) " prefix, error_data.details, fbtrace_id.',
    source: 'harness/PROTOCOL.md#cloudapi-conformance-protocol-version-0; docs/cloud-api-rules.md#robustness-under-malformed-input; docs/cloud-api-rules.md#error-envelope',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['nul-in-content-500'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const to = world.recipient();
    const request = outboundMessage().chain((m) => hostileRequest({ valid: sendBody(to, m) }));
    await ctx.property(request, async (r) => {
      const res = await postRaw(world, caller, r.json, 'application/json', r.what);
      expectRefusedOrAccepted(res, `a send with ${r.what}`, to);
      await expectAlive(world, caller, r.what);
    }, { runs: Math.max(ctx.runs, 40) });
  },
});
