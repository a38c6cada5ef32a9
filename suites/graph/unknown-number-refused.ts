import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError, NOT_YOUR_NUMBER } from '../../harness/verify/graph-error.ts';

// A phone-number id of 16 digits: the harness's own businesses have 15, and
// the given ones are skipped, so no business of the run has it.
const candidates = ['1999999999999999', '1999999999999998', '1999999999999997'];

export default defineCase({
  id: 'GRAPH-unknown-number-refused',
  title: 'A send on a phone-number id no business has is a Graph error (4xx, code 100 or a permission code), never sent',
  clause: {
    text: 'Graph answers a request on an id it cannot load with an error object: "Unsupported post request. Object with ID \'…\' does not exist, cannot be loaded due to missing permissions, or does not support this operation" (code 100, subcode 33); a token without permission on an object gets a permission error (10, 200–299). MUST: POST /{phone-number-id}/messages with a valid token and a phone-number id that does not exist is answered 400 or 403 with the Graph error envelope and code 100, 10, 131005 or 200–299; never 200 (sent as another number) and never 5xx.',
    source: 'https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#unknown-phone-number-id',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['unknown-number-served-as-own'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    const other = world.hasOtherBusiness() && !world.has('control.provision') ? await world.otherGraphCaller() : undefined;
    const unknown = candidates.find((id) => id !== caller.phoneNumberId && id !== other?.phoneNumberId)!;
    // A template to a number no one has (world.recipient()): were it sent, nobody receives it.
    const res = await world.graph.sendMessage(
      caller,
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: world.recipient(), type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      { at: { phoneNumberId: unknown } },
    );
    expectGraphError(res, { ...NOT_YOUR_NUMBER, because: `a send on phone-number id ${unknown}, which no business has` });
  },
});
