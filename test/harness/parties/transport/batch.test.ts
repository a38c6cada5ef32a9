// The transport's envelopes:batch route (PROTOCOL §4) must judge each
// envelope exactly as a single POST would, in order, and refuse a malformed
// batch as a whole.
import t from 'tap';
import { MockTransport } from '../../../../harness/parties/transport.ts';
import type { PublishedBundle } from '../../../../harness/signal/bundle.ts';

const TOKEN = 'tr_batch_test';
const envelope = (id: string, to: string) => ({ id: `wamid.${id}`, from: '15550783881', to, type: 2, body: Buffer.from('x').toString('base64'), timestamp: 1767225600 });

function post(transport: MockTransport, path: string, body: unknown, token = TOKEN) {
  for (const route of transport.fastRoutes()) {
    const a = route({ method: 'POST', path, headers: { authorization: `Bearer ${token}` }, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
    if (a) return { status: a.status, json: JSON.parse(a.body.toString('utf8')) as Record<string, unknown> };
  }
  throw new Error(`no fast route for ${path}`);
}

t.test('each envelope in a batch gets the answer it would get alone', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  transport.register('447700900001', { prekeys: [] } as unknown as PublishedBundle);
  transport.register('447700900002', { prekeys: [] } as unknown as PublishedBundle);
  transport.offline('447700900002');
  const a = post(transport, '/transport/v0/envelopes:batch', {
    envelopes: [envelope('a', '447700900001'), envelope('b', '447700900002'), envelope('c', '447700900009'), { id: 'not-a-wamid' }],
  });
  t.equal(a.status, 200);
  t.same(
    (a.json.results as { status: number }[]).map((r) => r.status),
    [200, 503, 404, 400],
  );
  t.same(transport.take('447700900001').map((e) => e.id), ['wamid.a'], 'the accepted envelope is relayed');
  t.same(transport.offlineRefusals, [{ to: '447700900002', id: 'wamid.b' }]);
  t.equal(transport.problems.length, 1, 'the malformed envelope is a protocol problem');
});

t.test('a malformed batch is refused whole; the token is checked', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  for (const bad of ['{', { envelopes: [] }, { envelopes: 'x' }, [envelope('a', '1')]]) {
    t.equal(post(transport, '/transport/v0/envelopes:batch', bad).status, 400, JSON.stringify(bad));
  }
  t.equal(post(transport, '/transport/v0/envelopes:batch', { envelopes: [envelope('a', '1')] }, 'wrong').status, 401);
});

t.test("after a reset the previous world's token is refused quietly; any other wrong token is a problem", async (t) => {
  const transport = new MockTransport();
  transport.reset('tr_old');
  transport.reset(TOKEN);
  const batch = { envelopes: [envelope('a', '1')] };
  t.equal(post(transport, '/transport/v0/envelopes:batch', batch, 'tr_old').status, 401, 'the old token is refused');
  t.same(transport.problems, [], 'but a request the target had in flight before its reset is no protocol break');
  t.equal(post(transport, '/transport/v0/envelopes:batch', batch, 'tr_forged').status, 401);
  t.equal(transport.problems.length, 1, 'a token the transport never gave out is');
});
