import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { showResponse } from '../../harness/verify/show.ts';

export default defineCase({
  id: 'GRAPH-phone-number-read',
  title: 'GET /{phone-number-id}?fields=id,display_phone_number answers the number\'s own id and its display_phone_number',
  clause: {
    text: 'fields: "Comma-separated list of additional fields to include in the response. If not specified, only default fields (id, display_phone_number, verified_name, quality_rating) are returned." MUST: the read is answered 200 with `id` equal to the phone-number id of the path and `display_phone_number` a non-empty string. verified_name and quality_rating are not judged: a number a test harness provisions may have neither.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation getPhoneNumberById; docs/cloud-api-rules.md#phone-number-read',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['phone-number-fields-dropped'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const res = await world.graph.phoneNumber(caller, 'id,display_phone_number');
    const body = res.json as { id?: unknown; display_phone_number?: unknown } | undefined;
    const expected = `200 {"id":"${caller.phoneNumberId}","display_phone_number":"…"}`;
    expect(res.status === 200, 'reading the business phone number was refused', expected, showResponse(res.status, res.body));
    expect(body?.id === caller.phoneNumberId, 'the phone number read does not answer the id of its path', expected, showResponse(res.status, res.body));
    expect(typeof body?.display_phone_number === 'string' && body.display_phone_number !== '', 'the phone number read does not answer display_phone_number, asked for in fields', expected, showResponse(res.status, res.body));
  },
});
