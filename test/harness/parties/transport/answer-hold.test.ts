// The transport can hold an envelope's answer: the envelope is relayed at
// once, the target hears back only once released (a case restarts it meanwhile).
import t from 'tap';
import { MockTransport } from '../../../../harness/parties/transport.ts';

const TOKEN = 'tr_hold_test';
const envelope = (id: string, to = '447700900001') => ({ id, from: '15550001111', to, type: 2, body: 'AAAA', timestamp: 1 });

t.test('the next envelope POST to an address is relayed at once and answered once released', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  transport.register('447700900001', { registration_id: 1, device_id: 1, identity_key: 'x', signed_prekey: { id: 1, public_key: 'x', signature: 'x' }, kyber_prekey: { id: 1, public_key: 'x', signature: 'x' }, prekeys: [] } as never);
  const [single] = transport.fastRoutes();
  const hold = transport.holdNextEnvelopeAnswer('447700900001');
  t.notOk(hold.taken(), 'nothing held before a POST');
  const post = (id: string, to?: string) => single!({ method: 'POST', path: '/transport/v0/envelopes', headers: { authorization: `Bearer ${TOKEN}` }, body: Buffer.from(JSON.stringify(envelope(id, to))) })!;
  t.equal(post('wamid.elsewhere', '447700900002').after, undefined, 'a POST to another address is answered at once');
  t.notOk(hold.taken());
  const first = post('wamid.first');
  t.ok(hold.taken(), 'the first POST is the one held');
  t.same(transport.envelopes.map((e) => e.id), ['wamid.first'], 'relayed before the answer (the other address is unknown: 404)');
  t.equal(first.status, 200);
  let settled = false;
  void first.after!.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 30));
  t.notOk(settled, 'the answer waits');
  t.equal(post('wamid.second').after, undefined, 'a later POST is answered at once');
  hold.release();
  await first.after;
  t.ok(settled, 'released');
});
