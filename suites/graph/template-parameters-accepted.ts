import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { fixedWaId } from '../../harness/verify/form-accepted.ts';
import { templateRecipient } from '../../harness/run/recipients.ts';

// The template as the business has it is not the harness's to know: a target
// holding the business's real templates may answer that these parameters do
// not fit it (WhatsApp error codes): 132000 parameter count mismatch, 132001
// template does not exist (HTTP 404), 132012 parameter format mismatch; or
// refuse the recipient as any send may be: 131026, 131030, 130429, 131056.
const TEMPLATE_MISFIT = [132000, 132001, 132012, 131026, 131030, 130429, 131056];

const COMPONENTS = [
  { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/header.jpg' } }] },
  {
    type: 'body',
    parameters: [
      { type: 'text', text: 'Ada' },
      { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
      { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
    ],
  },
];

export default defineCase({
  id: 'GRAPH-template-parameters-accepted',
  title: 'A template send with header and body parameters (image by link, text, currency, date_time) is accepted',
  clause: {
    text: 'TemplateObject.components: "Array of components objects containing the parameters of the message"; HeaderComponent and BodyComponent parameters are ParameterObjects of type currency, date_time, document, image, text or video. MUST: a template send with a header image by link and body parameters of types text, currency and date_time is accepted with the documented send answer, or refused only because the business\'s template does not take them (132000, 132001 with HTTP 404, 132012) or the recipient cannot be sent to (131026, 131030, 130429, 131056); never refused as an invalid parameter or unsupported type.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/; docs/cloud-api-rules.md#template-parameters',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['template-parameters-refused'],
  async run(ctx) {
    const { world } = ctx;
    const r = await templateRecipient(world);
    const to = r.digits;
    const res = await world.graph.sendMessage(r.caller, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' }, components: COMPONENTS },
    });
    if (res.status === 200) expectSendAccepted(res, to, fixedWaId(r.digits));
    else expectGraphError(res, { statuses: [400, 404], codes: TEMPLATE_MISFIT, because: 'a template send with header and body parameters (a refusal other than the template not fitting them)' });
  },
});
