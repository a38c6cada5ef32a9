import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { expect } from '../../harness/core/expect.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { freeFormRecipient } from '../../harness/run/recipients.ts';

// One message of every interactive type: those the InteractiveObject enum of
// Meta's OpenAPI description lists, the cta_url and location request
// messages of Meta's guides. `asset` names what the message points at that
// only the business's own account holds (a catalog, a Flow, calling).
const BODY = { text: 'Pick one, please.' };
const KINDS: ReadonlyArray<{ kind: string; asset?: string; interactive: Record<string, unknown> }> = [
  { kind: 'button', interactive: { type: 'button', body: BODY, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } } },
  { kind: 'list', interactive: { type: 'list', body: BODY, action: { button: 'Options', sections: [{ title: 'Sizes', rows: [{ id: 's', title: 'Small' }, { id: 'l', title: 'Large', description: 'The big one' }] }] } } },
  { kind: 'cta_url', interactive: { type: 'cta_url', body: BODY, action: { name: 'cta_url', parameters: { display_text: 'Open site', url: 'https://example.com/offer' } } } },
  { kind: 'location_request_message', interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } } },
  { kind: 'product', asset: 'a catalog', interactive: { type: 'product', body: BODY, footer: { text: 'In stock' }, action: { catalog_id: '367025965434465', product_retailer_id: 'sku-1' } } },
  {
    kind: 'product_list',
    asset: 'a catalog',
    interactive: { type: 'product_list', header: { type: 'text', text: 'Our picks' }, body: BODY, action: { catalog_id: '367025965434465', sections: [{ title: 'Shirts', product_items: [{ product_retailer_id: 'sku-1' }, { product_retailer_id: 'sku-2' }] }, { title: 'Hats', product_items: [{ product_retailer_id: 'sku-3' }] }] } },
  },
  { kind: 'catalog_message', asset: 'a catalog', interactive: { type: 'catalog_message', body: BODY, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1' } } } },
  {
    kind: 'flow',
    asset: 'a Flow',
    interactive: {
      type: 'flow',
      header: { type: 'text', text: 'Sign up' },
      body: BODY,
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_token: 'conformance', flow_id: '1234567890123456', flow_cta: 'Open form', flow_action: 'navigate', flow_action_payload: { screen: 'WELCOME', data: { source: 'conformance' } } } },
    },
  },
  { kind: 'call_permission_request', asset: 'calling enabled on the number', interactive: { type: 'call_permission_request', body: { text: 'May we call you?' }, action: { name: 'call_permission_request' } } },
];

const UNSUPPORTED_TYPE = 131051;

export default defineCase({
  id: 'GRAPH-interactive-types-accepted',
  title: 'Every interactive type (button, list, cta_url, location request, product, product_list, catalog_message, flow, call_permission_request) is accepted',
  clause: {
    text: 'InteractiveObject.type: "The type of interactive message to send.", enum button, call_permission_request, catalog_message, list, product, product_list, flow; and "Location request messages display body text and a send location button." ({"type":"location_request_message","body":{"text":…},"action":{"name":"send_location"}}); cta_url. MUST: each, inside the 24-hour window, is answered 200 with a message id. Graph-only (the business\'s catalogs and Flows unknown): a message pointing at a catalog, a Flow or calling may be refused for that, never with 131051 (unsupported type).',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages/location-request-messages — "Location request messages"; docs/cloud-api-rules.md#interactive-types; docs/cloud-api-rules.md#interactive-messages-that-name-business-assets',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['interactive-flow-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await freeFormRecipient(world);
    const graphOnly = !world.has('control.provision');
    const to = `+${r.digits}`;
    for (const k of KINDS) {
      const what = `an interactive ${k.kind} message`;
      const res = await world.graph.sendMessage(r.caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'interactive', interactive: k.interactive });
      if (graphOnly && k.asset !== undefined && res.status !== 200) {
        const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
        expect(code !== UNSUPPORTED_TYPE, `${what} was refused as an unsupported message type`, `200, or a refusal about ${k.asset} (not 131051)`, showResponse(res.status, res.body));
        ctx.note(`${k.kind}: refused (HTTP ${res.status}), taken as about ${k.asset} the suite cannot name on a Graph-only target`);
        continue;
      }
      expectFormAccepted(res, { what, to, waId: fixedWaId(r.digits), windowUnknown: r.windowUnknown });
    }
  },
});
