// The webhook endpoints misbehave on command, per business.
import t from 'tap';
import { HarnessServer } from '../../harness/parties/harness-server.ts';
import { WebhookReceivers, hubSignature } from '../../harness/parties/webhook-receiver.ts';
import { LogSwitch } from '../../harness/core/wire-log.ts';

t.test('modes: ok, 500, reset, and the verification answers', async (t) => {
  const server = new HarnessServer(new LogSwitch(), { listenHost: '127.0.0.1', listenPort: 0 });
  const receivers = new WebhookReceivers();
  server.use(...receivers.handlers());
  await server.start();
  t.teardown(() => server.stop());
  receivers.add({ key: 'b1', appSecret: 's1', verifyToken: 'v1' });
  receivers.add({ key: 'b2', appSecret: 's2', verifyToken: 'v2', verification: 'wrong-challenge' });
  const body = Buffer.from('{"x":1}');
  const post = (key: string) =>
    fetch(`${server.publicUrl}/hooks/${key}`, { method: 'POST', body, headers: { 'x-hub-signature-256': hubSignature('s1', body) } }).then((r) => r.status, () => 0);
  t.equal(await post('b1'), 200);
  receivers.setMode('b1', 'error-500');
  t.equal(await post('b1'), 500);
  receivers.setMode('b1', 'reset');
  t.equal(await post('b1'), 0, 'connection reset');
  t.equal(await post('b2'), 200, 'modes are per business');
  t.same(receivers.for('b1').map((d) => [d.answer, d.acked, d.signatureValid]), [[200, true, true], [500, false, true], [0, false, true]]);
  t.same(receivers.for('b2')[0]!.verifiesFor, ['b1'], 'a signature under another tenant\'s secret is named');
  const verify = (key: string, token: string) => fetch(`${server.publicUrl}/hooks/${key}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`).then(async (r) => [r.status, await r.text()]);
  t.same(await verify('b1', 'v1'), [200, '42']);
  t.same(await verify('b1', 'nope'), [403, 'forbidden']);
  t.same(await verify('b2', 'v2'), [200, 'not-42']);
});
