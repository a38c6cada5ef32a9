import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { freeFormRecipient } from '../../harness/run/recipients.ts';

export default defineCase({
  id: 'GRAPH-preview-url-accepted',
  title: 'A text message with preview_url true or false is accepted',
  clause: {
    text: 'TextMessage: text.body and text.preview_url, a boolean, "Whether to show URL preview", default false; the documented example "Send Text Message with Preview URL" sends preview_url: true. MUST: a text with a link and preview_url true, and one with preview_url false, are accepted like a text without it (outside a 24-hour window the harness cannot know, 131047 is accepted too).',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#limits-per-message-type',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['preview-url-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await freeFormRecipient(world);
    const to = r.digits;
    for (const previewUrl of [true, false]) {
      const res = await world.graph.sendMessage(r.caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: 'Our opening hours: https://example.com/hours', preview_url: previewUrl } });
      expectFormAccepted(res, { what: `text.preview_url ${previewUrl}`, to, waId: fixedWaId(r.digits), windowUnknown: r.windowUnknown });
    }
  },
});
