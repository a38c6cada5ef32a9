// A number that registers a Local Storage region (or moves to another one
// through deregister and register) keeps its consumers: the window they
// opened, their Signal sessions and their blocks (fuzzer finding: consumer
// tokens are keyed per region, and rows written before the move no longer
// matched the tokens computed after it).
import t from 'tap';
import { BUSINESS, Kit } from './harness-kit.ts';

const CONSUMER = '447700900123';

const register = (kit: Kit, region?: string) =>
  kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/register`, BUSINESS.access_token, { messaging_product: 'whatsapp', pin: '123456', ...(region ? { data_localization_region: region } : {}) });
const deregister = (kit: Kit) => kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/deregister`, BUSINESS.access_token, { messaging_product: 'whatsapp' });
const text = (to: string, body: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
const forwarded = (kit: Kit, id: string) => kit.hooks.deliveries.some((d) => d.raw.toString('utf8').includes(id));

for (const moves of [['IN'], ['DE', null, 'JP']] as const) {
  t.test(`a consumer who wrote before the number moved to ${moves.map((m) => m ?? 'deregistered').join(' → ')} is still served`, async (t) => {
    const kit = await Kit.start();
    t.teardown(() => kit.stop());
    await kit.resetAndProvision();
    const c = kit.consumer(CONSUMER);
    t.equal((await kit.inbound(c, 'wamid.before-move', 'hello', true)).status, 200);
    await kit.idle();
    t.ok(forwarded(kit, 'wamid.before-move'), 'the first message is forwarded');
    for (const m of moves) t.equal((m === null ? await deregister(kit) : await register(kit, m)).status, 200, `${m ?? 'deregister'} succeeds`);

    const sent = await kit.send(CONSUMER, text(CONSUMER, 'still within the window'));
    t.equal(sent.status, 200, `the 24-hour window is still open: ${JSON.stringify(sent.body)}`);
    await kit.idle();
    t.equal((await kit.inbound(c, 'wamid.after-move', 'again', false)).status, 200);
    await kit.idle();
    t.ok(forwarded(kit, 'wamid.after-move'), 'a message on the existing session is still forwarded');
  });
}
