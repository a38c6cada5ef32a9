import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { freeFormRecipient } from '../../harness/run/recipients.ts';

const TEMPLATE = { name: 'hello_world', language: { code: 'en_US' } };

export default defineCase({
  id: 'GRAPH-reply-context-accepted',
  title: 'A send with context.message_id of an earlier message (a reply) is accepted, template and text alike',
  clause: {
    text: 'BaseMessageProperties, "Common properties shared by all message types": context, "Context information for replying to a message", message_id "The ID of the message to which this message is a reply." SHOULD (the description lists context for every message type, but no guide shows a reply to the business\'s own earlier message, which is what the harness can name without a consumer): a template sent with context.message_id of a message the business sent before is accepted like the same template without it; a text reply likewise (outside a 24-hour window the harness cannot know, 131047 is accepted too).',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#send-request',
  },
  severity: 'SHOULD',
  requires: ['graph.messages'],
  faults: ['reply-context-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await freeFormRecipient(world);
    const to = r.digits;
    const waId = fixedWaId(r.digits);
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
    const first = expectFormAccepted(await world.graph.sendMessage(r.caller, { ...base, type: 'template', template: TEMPLATE }), { what: 'a template', to, waId });
    expect(typeof first === 'string', 'the template to reply to was not accepted', 'a message id', String(first));
    const context = { message_id: first as string };
    expectFormAccepted(await world.graph.sendMessage(r.caller, { ...base, context, type: 'template', template: TEMPLATE }), { what: 'context.message_id on a template', to, waId });
    expectFormAccepted(await world.graph.sendMessage(r.caller, { ...base, context, type: 'text', text: { body: 'Replying to that.' } }), { what: 'context.message_id on a text', to, waId, windowUnknown: r.windowUnknown });
  },
});
