import t from 'tap';
import fc from 'fast-check';
import {
  CiphertextMessageType,
  PreKeySignalMessage,
  ProtocolAddress,
  SignalMessage,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import { createLocalIdentity, type LocalIdentity } from '../../harness/signal/local-identity.ts';
import { toPreKeyBundle } from '../../harness/signal/bundle.ts';
import { applyTamper, tamper } from '../../generators/tamper.ts';
import { contentObject, contentSample, sendRequest } from '../../generators/content-sample.ts';

const NOW = new Date(1_767_225_600_000);
const A = ProtocolAddress.new('447700900123', 1);
const B = ProtocolAddress.new('15550783881', 1);
const text = (s: string) => new Uint8Array(Buffer.from(s));

async function pair(): Promise<{ a: LocalIdentity; b: LocalIdentity }> {
  const a = await createLocalIdentity(NOW.getTime());
  const b = await createLocalIdentity(NOW.getTime());
  const { prekeys, ...rest } = b.bundle;
  await processPreKeyBundle(toPreKeyBundle({ ...rest, prekey: prekeys[0] }), B, A, a.stores.sessions, a.stores.identity, NOW);
  const first = await signalEncrypt(text('hello'), B, A, a.stores.sessions, a.stores.identity, NOW);
  const s = b.stores;
  await signalDecryptPreKey(PreKeySignalMessage.deserialize(first.serialize()), A, B, s.sessions, s.identity, s.preKeys, s.signedPreKeys, s.kyberPreKeys);
  const reply = await signalEncrypt(text('hi'), A, B, s.sessions, s.identity, NOW);
  await signalDecrypt(SignalMessage.deserialize(reply.serialize()), B, A, a.stores.sessions, a.stores.identity);
  return { a, b };
}

t.test('every tamper of a Whisper message fails to decrypt, and the genuine message still does', async (t) => {
  const { a, b } = await pair();
  let n = 0;
  for (const damage of fc.sample(tamper(), { numRuns: 150, seed: 7 })) {
    const msg = await signalEncrypt(text(`m${n++}`), B, A, a.stores.sessions, a.stores.identity, NOW);
    t.equal(msg.type(), CiphertextMessageType.Whisper);
    const bad = applyTamper(damage, msg.type(), Buffer.from(msg.serialize()));
    let decrypted = false;
    try {
      const body = new Uint8Array(bad.body);
      if (bad.type === CiphertextMessageType.Whisper) {
        await signalDecrypt(SignalMessage.deserialize(body), A, B, b.stores.sessions, b.stores.identity);
        decrypted = true;
      } else if (bad.type === CiphertextMessageType.PreKey) {
        const s = b.stores;
        await signalDecryptPreKey(PreKeySignalMessage.deserialize(body), A, B, s.sessions, s.identity, s.preKeys, s.signedPreKeys, s.kyberPreKeys);
        decrypted = true;
      }
    } catch {
      // expected
    }
    if (decrypted) t.fail(`tamper ${JSON.stringify(damage)} still decrypted`);
    const plain = await signalDecrypt(SignalMessage.deserialize(msg.serialize()), A, B, b.stores.sessions, b.stores.identity);
    if (Buffer.from(plain).toString() !== `m${n - 1}`) t.fail('the genuine message did not decrypt after a tamper');
  }
  t.pass(`${n} tampers refused, every genuine message decrypted`);
});

t.test('content samples make a send request and a content object of the same type', async (t) => {
  for (const s of fc.sample(contentSample(), { numRuns: 50, seed: 3 })) {
    const o = contentObject(s);
    const r = sendRequest('447700900123', s);
    if (o.type !== s.type || o[s.type] !== s.payload || r.type !== s.type || r[s.type] !== s.payload) t.fail(`sample ${s.type} inconsistent`);
  }
  t.throws(() => contentSample({ types: ['hologram'] }), /unknown/);
  t.pass('50 samples consistent');
});
