import { defineCase } from '../../harness/run/define-case.ts';
import { expectFormAccepted, fixedWaId } from '../../harness/verify/form-accepted.ts';
import { checkGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { templateRecipient } from '../../harness/run/recipients.ts';

const MAX = 512;
// Characters, not bytes: one multi-byte character at the end counts once.
const atMost = `${'a'.repeat(MAX - 1)}é`;
const beyond = 'b'.repeat(MAX + 1);

export default defineCase({
  id: 'GRAPH-opaque-data-limit',
  title: 'biz_opaque_callback_data of 512 characters is accepted; of 513, refused',
  clause: {
    text: 'biz_opaque_callback_data: "An arbitrary string, useful for tracking. … Cloud API does not process this field, it just returns it as part of sent/delivered/read message webhooks. Maximum 512 characters." MUST: a template send with biz_opaque_callback_data of exactly 512 characters (the last one outside ASCII) is accepted. SHOULD: one of 513 characters is refused with a Graph error.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages — "Message Object"; docs/cloud-api-rules.md#send-request',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['opaque-data-limit-short'],
  async run(ctx) {
    const { world } = ctx;
    const r = await templateRecipient(world);
    const to = r.digits;
    const send = (data: string) =>
      world.graph.sendMessage(r.caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } }, biz_opaque_callback_data: data });
    expectFormAccepted(await send(atMost), { what: `biz_opaque_callback_data of ${MAX} characters`, to, waId: fixedWaId(r.digits) });
    const over = await send(beyond);
    const check = checkGraphError(over, { because: `biz_opaque_callback_data of ${MAX + 1} characters` });
    ctx.should(over.status >= 400 && over.status < 500 && check.code !== undefined, `biz_opaque_callback_data of ${MAX + 1} characters was not refused: the documented maximum is ${MAX}`, 'a 4xx Graph error', showResponse(over.status, over.body));
  },
});
