// The transport's media store (PROTOCOL §4.2): the file a consumer uploads,
// encrypted, served by id to whoever holds the transport token.
import t from 'tap';
import { getResponse } from 'msw';
import { Aes256GcmSiv } from '@signalapp/libsignal-client';
import { MockTransport } from '../../../../harness/parties/transport.ts';
import { HARNESS_ORIGIN } from '../../../../harness/parties/harness-server.ts';

const TOKEN = 'tr_media_test';

async function get(transport: MockTransport, id: string, token = TOKEN) {
  const res = await getResponse(transport.handlers(), new Request(`${HARNESS_ORIGIN}/transport/v0/media/${id}`, { headers: { authorization: `Bearer ${token}` } }));
  return { status: res!.status, body: Buffer.from(await res!.arrayBuffer()) };
}

t.test('the store serves what was put, to the transport token only', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  const key = new Uint8Array(32).fill(7);
  const nonce = new Uint8Array(12).fill(1);
  const file = Buffer.concat([Buffer.from(nonce), Buffer.from(Aes256GcmSiv.new(key).encrypt(new Uint8Array(Buffer.from('a file')), nonce, new Uint8Array(0)))]);
  transport.putMedia('1000000000000001', file);
  const got = await get(transport, '1000000000000001');
  t.equal(got.status, 200);
  t.same(got.body, file);
  const plain = Aes256GcmSiv.new(key).decrypt(new Uint8Array(got.body.subarray(12)), new Uint8Array(got.body.subarray(0, 12)), new Uint8Array(0));
  t.equal(Buffer.from(plain).toString(), 'a file', 'the nonce first, then ciphertext and tag');
  t.equal((await get(transport, '1000000000000002')).status, 404);
  t.equal((await get(transport, '1000000000000001', 'wrong')).status, 401);
  t.same(transport.mediaFetches, ['1000000000000001', '1000000000000002']);
  transport.reset(TOKEN);
  t.equal((await get(transport, '1000000000000001')).status, 404, 'a reset empties the store');
});

t.test('a held media fetch is answered only once released, and only the next fetch is held', async (t) => {
  const transport = new MockTransport();
  transport.reset(TOKEN);
  transport.putMedia('1000000000000003', Buffer.from('bytes'));
  const release = transport.holdNextMediaFetch();
  let answered = false;
  const first = get(transport, '1000000000000003').then((r) => ((answered = true), r));
  await new Promise((r) => setTimeout(r, 50));
  t.notOk(answered, 'held while not released');
  t.equal((await get(transport, '1000000000000003')).status, 200, 'a later fetch is answered at once');
  release();
  t.equal((await first).status, 200, 'answered once released');
});
