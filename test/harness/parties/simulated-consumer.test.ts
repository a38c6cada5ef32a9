// A simulated consumer hands the target the webhook's message object for a
// content object of PROTOCOL.md §7, and the run's capabilities follow the
// path its consumers take.
import t from 'tap';
import { SimulatedConsumer, webhookMessage } from '../../../harness/parties/simulated-consumer.ts';
import { withConsumer } from '../../../harness/core/capabilities.ts';
import type { SimulatedMessage, Simulation } from '../../../harness/target/simulation.ts';

t.test('the message object: same type and object, context as {id}, no protocol version', async (t) => {
  t.same(webhookMessage({ v: 0, type: 'text', text: { body: 'hi' } }, 'wamid.1'), { id: 'wamid.1', type: 'text', text: { body: 'hi' } });
  t.same(webhookMessage({ v: 0, type: 'reaction', reaction: { message_id: 'wamid.0', emoji: '👍' }, context: { message_id: 'wamid.0' } }, 'wamid.2'), {
    id: 'wamid.2',
    type: 'reaction',
    reaction: { message_id: 'wamid.0', emoji: '👍' },
    context: { id: 'wamid.0' },
  });
  t.same(webhookMessage({ v: 0, type: 'contacts', contacts: [{ name: { formatted_name: 'A' } }] }, 'wamid.3').contacts, [{ name: { formatted_name: 'A' } }]);
});

t.test('writes and receipts go to the business the WhatsApp id names', async (t) => {
  const seen: unknown[] = [];
  const sim: Simulation = {
    path: 'simulation',
    deliver: async (m: SimulatedMessage) => (seen.push(m), { id: 'wamid.target', via: 'POST /conformance/v0/simulate/messages' }),
    receipt: async (r) => void seen.push(r),
  };
  const business = { wabaId: '1', phoneNumberId: '2', waId: '15550001111', accessToken: 't', appSecret: 's', webhookUrl: 'http://127.0.0.1/h', verifyToken: 'v' };
  const c = new SimulatedConsumer('447700900999', sim, (id) => (id === business.waId ? business : undefined));
  const w = await c.write(business.waId, { v: 0, type: 'text', text: { body: 'x' } }, 'wamid.mine');
  t.same(w, { id: 'wamid.target', via: 'POST /conformance/v0/simulate/messages' }, 'the id the target answered is the one its webhook carries');
  t.match(seen[0], { business: { phoneNumberId: '2' }, from: '447700900999', profileName: 'Consumer 0999', message: { id: 'wamid.mine', type: 'text' } });
  await c.acknowledge('read', business.waId, ['wamid.out']);
  t.match(seen[1], { from: '447700900999', status: 'read', messageIds: ['wamid.out'] });
  await t.rejects(c.write('19999999999', { v: 0, type: 'text', text: { body: 'x' } }), /no business 19999999999/);
});

t.test('the capabilities a run judges by follow its consumer path', async (t) => {
  const declared = ['graph.messages', 'webhooks', 'transport.signal', 'transport.integrity', 'signal.rotation', 'simulate', 'control.provision'];
  t.ok(withConsumer(declared, 'signal').has('consumer'));
  t.ok(withConsumer(declared, 'signal').has('transport.signal'));
  const simulated = withConsumer(declared, 'simulation');
  t.ok(simulated.has('consumer'));
  t.notOk(simulated.has('transport.signal') || simulated.has('transport.integrity') || simulated.has('signal.rotation'), 'nothing only a Signal consumer brings');
  t.notOk(withConsumer(['graph.messages', 'consumer'], 'none').has('consumer'), 'a target cannot declare consumer itself');
});
