// The exactly-once ledger: what a target accepted against what the parties saw.
import t from 'tap';
import { ExactlyOnceLedger, exactlyOnceProblems } from '../../../harness/verify/exactly-once.ts';
import type { WebhookDelivery } from '../../../harness/parties/webhook-receiver.ts';
import type { RelayedEnvelope } from '../../../harness/parties/transport.ts';
import type { ReceivedMessage } from '../../../harness/parties/consumer.ts';

const hook = (value: Record<string, unknown>, acked = true): WebhookDelivery =>
  ({ business: 'b1', acked, json: { object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value }] }] } }) as unknown as WebhookDelivery;
const message = (id: string, acked = true) => hook({ messages: [{ id, type: 'text', text: { body: 'x' } }] }, acked);
const status = (id: string, s: string) => hook({ statuses: [{ id, status: s }] });
const relay = (id: string, body: string): RelayedEnvelope => ({ id, from: '1', to: '2', type: 2, body: Buffer.from(body), timestamp: 1, raw: {} });
const opened = (e: RelayedEnvelope, ok = true): ReceivedMessage => (ok ? { envelope: e, plaintext: Buffer.from('p') } : { envelope: e, error: 'decryption failed: duplicate' });

t.test('everything accepted seen once: complete, no problems', async (t) => {
  const l = new ExactlyOnceLedger();
  l.acceptInbound('in1');
  l.acceptOutbound('out1');
  l.sawDelivery(message('in1'));
  const e = relay('out1', 'c1');
  l.sawRelay(e);
  l.sawReceived(opened(e));
  l.acceptReceipt('delivered', ['out1']);
  l.acceptReceipt('read', ['out1']);
  for (const s of ['sent', 'delivered', 'read']) l.sawDelivery(status('out1', s));
  t.ok(l.complete());
  const tally = l.tally();
  t.same(exactlyOnceProblems(tally), []);
  t.equal(tally.statuses.expected, 3, 'sent for the relay, delivered and read for the read receipt');
});

t.test('a lost message, an unacknowledged delivery and a missing status are problems', async (t) => {
  const l = new ExactlyOnceLedger();
  l.acceptInbound('in1');
  l.sawDelivery(message('in1', false));
  l.acceptOutbound('out1');
  l.acceptOutbound('out2');
  const e = relay('out2', 'c');
  l.sawRelay(e);
  l.sawReceived(opened(e));
  t.notOk(l.complete());
  const tally = l.tally();
  t.same(tally.inbound.lost, ['in1'], 'only an acknowledged delivery counts');
  t.same(tally.outbound.lost, ['out1']);
  t.same(tally.statuses.lost, ['out2 sent']);
  t.equal(exactlyOnceProblems(tally).length, 3);
});

t.test('same-id repeats and identical copies are counted, not problems; a second ciphertext read is', async (t) => {
  const l = new ExactlyOnceLedger();
  l.acceptInbound('in1');
  l.sawDelivery(message('in1'));
  l.sawDelivery(message('in1'));
  l.acceptOutbound('out1');
  const e = relay('out1', 'same');
  l.sawRelay(e);
  l.sawReceived(opened(e));
  l.sawRelay(e);
  l.sawReceived(opened(e, false));
  l.sawDelivery(status('out1', 'sent'));
  l.sawDelivery(status('out1', 'sent'));
  let tally = l.tally();
  t.equal(tally.inbound.repeated, 1);
  t.equal(tally.outbound.copiesDiscarded, 1);
  t.equal(tally.statuses.repeated, 1);
  t.same(exactlyOnceProblems(tally), [], 'at least once with the same id, and a copy the consumer discards, are allowed');
  const other = relay('out1', 'other');
  l.sawRelay(other);
  l.sawReceived(opened(other));
  tally = l.tally();
  t.same(tally.outbound.readTwice, ['out1']);
  t.match(exactlyOnceProblems(tally)[0], /reached their consumer twice/);
});
