import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { TargetResponse } from '../../harness/target/target-client.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const idOf = (res: TargetResponse): unknown => (res.json as { id?: unknown } | undefined)?.id;

export default defineCase({
  id: 'GRAPH-media-foreign-number-refused',
  title: 'GET and DELETE /{media-id}?phone_number_id= of another number are refused; of its own number, served',
  clause: {
    text: 'phone_number_id (query): "Specifies that this action only be performed if the media belongs to the provided phone number." "This parameter checks to make sure the media belongs to the phone number before retrieval or deletion." MUST: with the owner\'s phone number id the media is served and deleted; with another number\'s, GET and DELETE are refused with a Graph error and the media stays. SHOULD: messaging_product taken as a query parameter on upload, as Graph parameters are.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operations retrieveMediaUrl, deleteMedia, uploadImage; docs/cloud-api-rules.md#media-endpoints',
  },
  severity: 'MUST',
  requires: ['graph.media'],
  faults: ['media-foreign-number-served', 'media-product-query-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const owner = await world.graphCaller();
    // Another business's number when the harness can provision one, else a number id that is not the caller's.
    const other = world.has('control.provision') ? (await world.business()).phoneNumberId : owner.phoneNumberId === '100000000000001' ? '100000000000002' : '100000000000001';

    // messaging_product as a query parameter, not a form field.
    const queried = await world.graph.media.upload(owner, { bytes: PNG, filename: 'q.png', mime: 'image/png' }, {}, { productInQuery: true });
    ctx.should(queried.status === 200 && typeof idOf(queried) === 'string', 'an upload with messaging_product as a query parameter was refused', '200 {"id":"…"}', showResponse(queried.status, queried.body));
    if (queried.status === 200 && typeof idOf(queried) === 'string') await world.graph.media.delete(owner, idOf(queried) as string);

    const up = await world.graph.media.upload(owner, { bytes: PNG, filename: 'p.png', mime: 'image/png' });
    const id = idOf(up);
    expect(up.status === 200 && typeof id === 'string' && id !== '', 'uploading media did not succeed', '200 {"id":"…"}', showResponse(up.status, up.body));

    // ?phone_number_id= scoping the media to a number: its own, then another's.
    const own = await world.graph.media.get(owner, id as string, {}, { phoneNumberId: owner.phoneNumberId });
    expect(own.status === 200 && idOf(own) === id, 'the media was not served with its own number as phone_number_id', `200 {"id":"${id}",…}`, showResponse(own.status, own.body));
    expectGraphError(await world.graph.media.get(owner, id as string, {}, { phoneNumberId: other }), { because: 'GET of media with phone_number_id of another number' });
    expectGraphError(await world.graph.media.delete(owner, id as string, {}, { phoneNumberId: other }), { because: 'DELETE of media with phone_number_id of another number' });
    const kept = await world.graph.media.get(owner, id as string);
    expect(kept.status === 200 && idOf(kept) === id, 'a DELETE with another number\'s phone_number_id deleted the media', `200 {"id":"${id}",…}`, showResponse(kept.status, kept.body));
    const gone = await world.graph.media.delete(owner, id as string, {}, { phoneNumberId: owner.phoneNumberId });
    expect(gone.status === 200 && (gone.json as { success?: unknown } | undefined)?.success === true, 'deleting the media with its own number as phone_number_id did not succeed', '200 {"success":true}', showResponse(gone.status, gone.body));
  },
});
