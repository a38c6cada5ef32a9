// A Signal identity with its prekeys, held in memory: what a simulated
// consumer's phone would keep.

import {
  IdentityKeyPair,
  KEMKeyPair,
  KyberPreKeyRecord,
  PreKeyRecord,
  PrivateKey,
  SignedPreKeyRecord,
} from '@signalapp/libsignal-client';
import { b64, type PublishedBundle } from './bundle.ts';
import {
  MemoryIdentityStore,
  MemoryKyberPreKeyStore,
  MemoryPreKeyStore,
  MemorySessionStore,
  MemorySignedPreKeyStore,
} from './memory-stores.ts';

export interface SignalStores {
  sessions: MemorySessionStore;
  identity: MemoryIdentityStore;
  preKeys: MemoryPreKeyStore;
  signedPreKeys: MemorySignedPreKeyStore;
  kyberPreKeys: MemoryKyberPreKeyStore;
}

export interface LocalIdentity {
  registrationId: number;
  identity: IdentityKeyPair;
  stores: SignalStores;
  bundle: PublishedBundle;
}

export async function createLocalIdentity(nowMs: number, oneTimePreKeys = 5): Promise<LocalIdentity> {
  const identity = IdentityKeyPair.generate();
  // Registration ids are 1..16380, the 14-bit range Signal clients draw them from.
  const registrationId = 1 + Math.floor(Math.random() * 16380);
  const stores: SignalStores = {
    sessions: new MemorySessionStore(),
    identity: new MemoryIdentityStore(identity.privateKey, registrationId),
    preKeys: new MemoryPreKeyStore(),
    signedPreKeys: new MemorySignedPreKeyStore(),
    kyberPreKeys: new MemoryKyberPreKeyStore(),
  };

  const signedPriv = PrivateKey.generate();
  const signedPub = signedPriv.getPublicKey();
  const signedSig = identity.privateKey.sign(signedPub.serialize());
  await stores.signedPreKeys.saveSignedPreKey(1, SignedPreKeyRecord.new(1, nowMs, signedPub, signedPriv, signedSig));

  const kyber = KEMKeyPair.generate();
  const kyberSig = identity.privateKey.sign(kyber.getPublicKey().serialize());
  await stores.kyberPreKeys.saveKyberPreKey(1, KyberPreKeyRecord.new(1, nowMs, kyber, kyberSig));

  const prekeys = [];
  for (let id = 1; id <= oneTimePreKeys; id++) {
    const priv = PrivateKey.generate();
    await stores.preKeys.savePreKey(id, PreKeyRecord.new(id, priv.getPublicKey(), priv));
    prekeys.push({ id, public_key: b64(priv.getPublicKey().serialize()) });
  }

  return {
    registrationId,
    identity,
    stores,
    bundle: {
      registration_id: registrationId,
      device_id: 1,
      identity_key: b64(identity.publicKey.serialize()),
      signed_prekey: { id: 1, public_key: b64(signedPub.serialize()), signature: b64(signedSig) },
      kyber_prekey: { id: 1, public_key: b64(kyber.getPublicKey().serialize()), signature: b64(kyberSig) },
      prekeys,
    },
  };
}
