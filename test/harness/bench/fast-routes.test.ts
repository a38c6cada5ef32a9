// The fast routes answer exactly as the msw handlers do, and leave anything
// unusual (a webhook endpoint in an outage mode, an unknown business) to msw.
import t from 'tap';
import { HarnessServer } from '../../../harness/parties/harness-server.ts';
import { WebhookReceivers, hubSignature } from '../../../harness/parties/webhook-receiver.ts';
import { MockTransport } from '../../../harness/parties/transport.ts';
import { LogSwitch } from '../../../harness/core/wire-log.ts';

async function serve(fast: boolean) {
  const server = new HarnessServer(new LogSwitch(), { listenHost: '127.0.0.1', listenPort: 0 });
  const transport = new MockTransport();
  const receivers = new WebhookReceivers();
  server.use(...transport.handlers(), ...receivers.handlers());
  if (fast) server.useFast(...transport.fastRoutes(), ...receivers.fastRoutes());
  await server.start();
  transport.reset('tok');
  transport.register('447700900123', { registration_id: 1, device_id: 1, identity_key: 'x', signed_prekey: { id: 1, public_key: 'x', signature: 'x' }, kyber_prekey: { id: 1, public_key: 'x', signature: 'x' }, prekeys: [] });
  receivers.add({ key: 'b1', appSecret: 's1', verifyToken: 'v1' });
  return { server, transport, receivers };
}

const envelope = { id: 'wamid.abc', from: '15550001111', to: '447700900123', type: 2, body: 'AAAA', timestamp: 1 };

for (const fast of [false, true]) {
  t.test(`${fast ? 'fast routes' : 'msw only'}: same answers, same records`, async (t) => {
    const { server, transport, receivers } = await serve(fast);
    t.teardown(() => server.stop());
    const seen: string[] = [];
    transport.onEnvelope = (e) => seen.push(e.id);
    receivers.onDelivery = (d) => seen.push(`hook ${d.business} ${d.signatureValid}`);
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${server.publicUrl}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers }).then(async (r) => [r.status, await r.text()]);
    const auth = { authorization: 'Bearer tok', 'content-type': 'application/json' };
    t.same(await post('/transport/v0/envelopes', envelope, auth), [200, '{"ok":true}']);
    t.same((await post('/transport/v0/envelopes', envelope, { 'content-type': 'application/json' }))[0], 401);
    t.same((await post('/transport/v0/envelopes', { ...envelope, type: 9 }, auth))[0], 400);
    t.same((await post('/transport/v0/envelopes', { ...envelope, to: '1' }, auth))[0], 404);
    t.equal(transport.take('447700900123').length, 1);
    t.equal(transport.problems.length, 2, 'the missing token and the bad type are both recorded');
    const hook = Buffer.from('{"entry":[]}');
    t.same(await post('/hooks/b1', hook.toString(), { 'x-hub-signature-256': hubSignature('s1', hook) }), [200, '']);
    receivers.setMode('b1', 'error-500');
    t.same((await post('/hooks/b1', hook.toString(), { 'x-hub-signature-256': hubSignature('s1', hook) }))[0], 500, 'an outage mode still answers through msw');
    t.same((await post('/hooks/nobody', '{}', {}))[0], 404);
    t.same(seen, ['wamid.abc', 'hook b1 true', 'hook b1 true']);
  });
}
