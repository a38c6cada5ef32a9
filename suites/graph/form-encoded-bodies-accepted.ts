import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { templateRecipient } from '../../harness/run/recipients.ts';

export default defineCase({
  id: 'GRAPH-form-encoded-bodies-accepted',
  title: 'A send whose body is application/x-www-form-urlencoded or multipart/form-data is accepted like its JSON form',
  clause: {
    text: 'sendMessage, header Content-Type: "Media type of the request body", enum application/json, application/x-www-form-urlencoded, multipart/form-data. MUST: a template send with the same fields as its JSON body, each a form field (an object field, `template`, as its JSON text), in either form, is answered 200 like the JSON send.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#request-body-forms',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['form-encoded-body-refused', 'multipart-body-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await templateRecipient(world);
    const to = `+${r.digits}`;
    const fields = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: JSON.stringify({ name: 'hello_world', language: { code: 'en_US' } }) };

    const encoded = await world.graph.sendMessageForm(r.caller, fields, 'urlencoded');
    expectFormAccepted(encoded, { what: 'an application/x-www-form-urlencoded body', to, waId: fixedWaId(r.digits) });

    const parts = await world.graph.sendMessageForm(r.caller, fields, 'multipart');
    expectFormAccepted(parts, { what: 'a multipart/form-data body', to, waId: fixedWaId(r.digits) });
  },
});
