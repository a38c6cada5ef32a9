// The machine's own ceilings, measured in the bench's process alongside the
// figures so they can be read as ratios: raw libsignal (one direction,
// encrypt then decrypt, one session) and raw loopback HTTP POSTs (node:http,
// keep-alive, 32 in flight, client and server in this process).

import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtocolAddress, processPreKeyBundle, signalDecrypt, signalDecryptPreKey, signalEncrypt, CiphertextMessageType, PreKeySignalMessage, SignalMessage } from '@signalapp/libsignal-client';
import { createLocalIdentity } from '../signal/local-identity.ts';
import { toPreKeyBundle } from '../signal/bundle.ts';

const PAYLOAD = Buffer.alloc(200, 'x');

export async function signalCeiling(durationMs: number): Promise<number> {
  const now = Date.now();
  const a = await createLocalIdentity(now);
  const b = await createLocalIdentity(now);
  const aAddr = ProtocolAddress.new('100000000001', 1);
  const bAddr = ProtocolAddress.new('100000000002', 1);
  const { prekeys, ...rest } = b.bundle;
  await processPreKeyBundle(toPreKeyBundle({ ...rest, prekey: prekeys[0] }), bAddr, aAddr, a.stores.sessions, a.stores.identity);
  const plaintext = new Uint8Array(PAYLOAD);
  let n = 0;
  const start = performance.now();
  const end = start + durationMs;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) {
      const m = await signalEncrypt(plaintext, bAddr, aAddr, a.stores.sessions, a.stores.identity);
      if (m.type() === CiphertextMessageType.PreKey) {
        await signalDecryptPreKey(PreKeySignalMessage.deserialize(m.serialize()), aAddr, bAddr, b.stores.sessions, b.stores.identity, b.stores.preKeys, b.stores.signedPreKeys, b.stores.kyberPreKeys);
      } else {
        await signalDecrypt(SignalMessage.deserialize(m.serialize()), aAddr, bAddr, b.stores.sessions, b.stores.identity);
      }
      n++;
    }
  }
  return n / ((performance.now() - start) / 1000);
}

export async function httpCeiling(durationMs: number, inFlight = 32): Promise<number> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/x', agent, headers: { 'content-type': 'application/json', 'content-length': PAYLOAD.length } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(PAYLOAD);
    });
  let n = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        await post();
        n++;
      }
    }),
  );
  const rate = n / ((performance.now() - start) / 1000);
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return rate;
}
