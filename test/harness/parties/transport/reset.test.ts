// A reset leaves nothing of the last world in any part of the transport,
// and a part added later cannot be left out: the transport resets whatever
// is in its `parts`, every part keeps its per-world state in one object that
// a reset makes anew, and this test fails for a part it does not fill.
import t, { type Test } from 'tap';
import { getResponse } from 'msw';
import { MockTransport } from '../../../../harness/parties/transport.ts';
import { HARNESS_ORIGIN } from '../../../../harness/parties/harness-server.ts';
import { PerWorld } from '../../../../harness/parties/transport/per-world.ts';
import type { PublishedBundle } from '../../../../harness/signal/bundle.ts';

const TOKEN = 'tr_reset_test';
const CONSUMER = '447700900001';
const BUSINESS = '15550783881';
const bundle = { registration_id: 1, device_id: 1, identity_key: 'x', signed_prekey: { id: 1, public_key: 'x', signature: 'x' }, kyber_prekey: { id: 1, public_key: 'x', signature: 'x' }, prekeys: [{ id: 7, public_key: 'x' }] } as PublishedBundle;
const envelope = { id: 'wamid.a', from: BUSINESS, to: CONSUMER, type: 2, body: 'AAAA', timestamp: 1 };

function postFast(transport: MockTransport, path: string, body: unknown, token = TOKEN) {
  for (const route of transport.fastRoutes()) {
    const a = route({ method: 'POST', path, headers: { authorization: `Bearer ${token}` }, body: Buffer.from(JSON.stringify(body)) });
    if (a) return a;
  }
  throw new Error(`no fast route for ${path}`);
}

async function post(transport: MockTransport, path: string, body: unknown) {
  const res = await getResponse(transport.handlers(), new Request(`${HARNESS_ORIGIN}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) }));
  return res!.status;
}

/** Traffic through every part: a part this leaves empty fails the test below, so a new part must be exercised here. */
async function fillEveryPart(t: Test, transport: MockTransport): Promise<void> {
  transport.register(CONSUMER, bundle);
  t.equal(postFast(transport, '/transport/v0/envelopes', envelope).status, 200);
  t.equal(postFast(transport, '/transport/v0/envelopes', envelope, 'forged').status, 401);
  t.equal(await post(transport, '/transport/v0/integrity-signals', { business: BUSINESS, kind: 'spam_report', report_id: 'r1', timestamp: 1 }), 200);
  t.equal(await post(transport, '/transport/v0/receipts', { type: 'read', from: BUSINESS, to: CONSUMER, message_ids: ['wamid.b'], timestamp: 1 }), 200);
  transport.reject(BUSINESS, 60_000);
  transport.refuseDeliveryTo('447700900002');
  transport.offline('447700900003');
  transport.putMedia('1000000000000001', Buffer.from('file'));
  transport.holdNextEnvelopeAnswer(CONSUMER);
}

t.test('every part of the transport keeps per-world state, in `state` alone', async (t) => {
  const transport = new MockTransport();
  t.same(Object.keys(transport), ['parts'], 'the facade keeps no state of its own');
  const parts = Object.entries(transport.parts);
  t.ok(parts.length >= 8, 'directory, relay, integrity, recipients, media, receipts, answer hold, problems');
  const partObjects = new Set<unknown>(Object.values(transport.parts));
  for (const [name, part] of parts) {
    t.ok(part instanceof PerWorld, `${name} is reset with the others`);
    for (const [field, value] of Object.entries(part)) {
      t.ok(field === 'state' || partObjects.has(value), `${name}.${field} is its state or another part, nothing a reset would miss`);
    }
  }
});

t.test('a reset empties every part and keeps the facade records empty', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  for (const [name, part] of Object.entries(transport.parts)) t.ok(part.holdsNothing(), `${name} starts empty`);
  await fillEveryPart(t, transport);
  for (const [name, part] of Object.entries(transport.parts)) t.notOk(part.holdsNothing(), `${name} holds something of this world`);
  transport.reset('tr_next');
  for (const [name, part] of Object.entries(transport.parts)) t.ok(part.holdsNothing(), `${name} holds nothing after the reset`);
  t.same(
    [transport.envelopes, transport.problems, transport.integritySignals, transport.rejections, transport.undelivered, transport.offlineRefusals, transport.mediaFetches, transport.receipts],
    [[], [], [], [], [], [], [], []],
  );
  t.equal(transport.uploads.size, 0);
  t.equal(transport.fetchBundle(CONSUMER), undefined, 'the directory forgot the consumer');
  t.equal(transport.token, 'tr_next');
});

t.test("a hold not yet taken belongs to the last world: after a reset nothing is held", async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  transport.holdNextMediaFetch();
  transport.holdNextEnvelopeAnswer(CONSUMER);
  transport.reset('tr_next');
  transport.putMedia('1000000000000001', Buffer.from('file'));
  const res = await getResponse(transport.handlers(), new Request(`${HARNESS_ORIGIN}/transport/v0/media/1000000000000001`, { headers: { authorization: 'Bearer tr_next' } }));
  t.equal(res!.status, 200, 'the media fetch is answered at once');
  transport.register(CONSUMER, bundle);
  const answer = postFast(transport, '/transport/v0/envelopes', envelope, 'tr_next');
  t.equal(answer.status, 200);
  t.equal(answer.after, undefined, 'the envelope answer is not held');
});
