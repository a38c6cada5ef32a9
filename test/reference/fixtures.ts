// Test doubles for the reference's neighbours: a consumer with its own
// libsignal stores, a fake transport and a webhook receiver, all on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import {
  CiphertextMessageType,
  IdentityKeyPair,
  KEMKeyPair,
  KyberPreKeyRecord,
  PreKeyRecord,
  PreKeySignalMessage,
  PrivateKey,
  ProtocolAddress,
  SignalMessage,
  SignedPreKeyRecord,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import { b64, toPreKeyBundle, unb64, type FetchedBundle, type PublishedBundle } from '../../harness/signal/bundle.ts';
import {
  MemoryIdentityStore,
  MemoryKyberPreKeyStore,
  MemoryPreKeyStore,
  MemorySessionStore,
  MemorySignedPreKeyStore,
} from '../../harness/signal/memory-stores.ts';

/** A WhatsApp user: one Signal identity talking to businesses. */
export class Consumer {
  readonly address: ProtocolAddress;
  // The harness's own in-memory stores: these tests play the consumer's phone as the harness does.
  private readonly sessions = new MemorySessionStore();
  private readonly identities: MemoryIdentityStore;
  private readonly prekeys = new MemoryPreKeyStore();
  private readonly signed = new MemorySignedPreKeyStore();
  private readonly kyber = new MemoryKyberPreKeyStore();
  private readonly bundleJson: Record<string, unknown>;

  constructor(readonly waId: string) {
    this.address = ProtocolAddress.new(waId, 1);
    const pair = IdentityKeyPair.generate();
    this.identities = new MemoryIdentityStore(pair.privateKey, 4242);
    // The memory stores keep a record before their promise resolves, so the constructor can stay synchronous.
    const spk = PrivateKey.generate();
    const spkSig = pair.privateKey.sign(spk.getPublicKey().serialize());
    void this.signed.saveSignedPreKey(1, SignedPreKeyRecord.new(1, 0, spk.getPublicKey(), spk, spkSig));
    const kem = KEMKeyPair.generate();
    const kemSig = pair.privateKey.sign(kem.getPublicKey().serialize());
    void this.kyber.saveKyberPreKey(1, KyberPreKeyRecord.new(1, 0, kem, kemSig));
    const pk = PrivateKey.generate();
    void this.prekeys.savePreKey(1, PreKeyRecord.new(1, pk.getPublicKey(), pk));
    this.bundleJson = {
      registration_id: 4242,
      device_id: 1,
      identity_key: b64(pair.publicKey.serialize()),
      signed_prekey: { id: 1, public_key: b64(spk.getPublicKey().serialize()), signature: b64(spkSig) },
      kyber_prekey: { id: 1, public_key: b64(kem.getPublicKey().serialize()), signature: b64(kemSig) },
      prekey: { id: 1, public_key: b64(pk.getPublicKey().serialize()) },
    };
  }

  bundle(): Record<string, unknown> {
    return this.bundleJson;
  }

  /** Encrypts `plaintext` to a business whose published bundle is `bundle` (first message) or whose session exists. */
  async encrypt(to: string, plaintext: string, bundle: Record<string, unknown> | undefined, now: Date): Promise<{ type: number; body: string }> {
    const remote = ProtocolAddress.new(to, 1);
    if (bundle) {
      // The business's bundle as published (all one-time prekeys): take the first, as the directory would.
      const { prekeys, ...rest } = bundle as unknown as PublishedBundle;
      const fetched: FetchedBundle = prekeys[0] ? { ...rest, prekey: prekeys[0] } : rest;
      await processPreKeyBundle(toPreKeyBundle(fetched), remote, this.address, this.sessions, this.identities, now);
    }
    const ct = await signalEncrypt(new Uint8Array(Buffer.from(plaintext)), remote, this.address, this.sessions, this.identities, now);
    return { type: ct.type(), body: b64(ct.serialize()) };
  }

  async decrypt(from: string, type: number, body: string): Promise<string> {
    const remote = ProtocolAddress.new(from, 1);
    const bytes = unb64(body);
    const plain =
      type === CiphertextMessageType.PreKey
        ? await signalDecryptPreKey(PreKeySignalMessage.deserialize(bytes), remote, this.address, this.sessions, this.identities, this.prekeys, this.signed, this.kyber)
        : await signalDecrypt(SignalMessage.deserialize(bytes), remote, this.address, this.sessions, this.identities);
    return Buffer.from(plain).toString('utf8');
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, v: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(v));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server): Promise<void> =>
  new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

/** The harness's transport, reduced to a key directory and an envelope log. */
export class FakeTransport {
  readonly token = 'tr_test_token';
  readonly bundles = new Map<string, Record<string, unknown>>();
  readonly envelopes: Record<string, unknown>[] = [];
  readonly receipts: Record<string, unknown>[] = [];
  readonly unauthorised: string[] = [];
  /** Consumers whose phone is off: their envelopes are answered recipient_offline (PROTOCOL §12). */
  readonly offline = new Set<string>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }
  stop(): Promise<void> {
    return close(this.server);
  }

  /** The media store (PROTOCOL §4.2): encrypted files by id. */
  readonly media = new Map<string, Buffer>();

  /** Batch requests seen (PROTOCOL §4 envelopes:batch). */
  batches = 0;

  private envelope(e: Record<string, unknown>): { status: number; body: unknown } {
    if (!this.bundles.has(String(e.to))) return { status: 404, body: { error: { code: 'unknown_address' } } };
    if (this.offline.has(String(e.to))) return { status: 503, body: { error: { code: 'recipient_offline' } } };
    this.envelopes.push(e);
    return { status: 200, body: { ok: true } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      this.unauthorised.push(`${req.method} ${req.url}`);
      return json(res, 401, { error: { code: 'unauthorized' } });
    }
    const keys = /^\/v0\/keys\/([0-9]+)$/.exec(req.url ?? '');
    if (keys && req.method === 'PUT') {
      this.bundles.set(keys[1], JSON.parse(body.toString()) as Record<string, unknown>);
      return json(res, 200, { ok: true });
    }
    if (keys && req.method === 'GET') {
      const b = this.bundles.get(keys[1]);
      return b ? json(res, 200, b) : json(res, 404, { error: { code: 'unknown_address' } });
    }
    const file = /^\/v0\/media\/([^/]+)$/.exec(req.url ?? '');
    if (file && req.method === 'GET') {
      const bytes = this.media.get(decodeURIComponent(file[1]!));
      if (!bytes) return json(res, 404, { error: { code: 'unknown_media' } });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(bytes);
    }
    if (req.url === '/v0/envelopes' && req.method === 'POST') {
      const a = this.envelope(JSON.parse(body.toString()) as Record<string, unknown>);
      return json(res, a.status, a.body);
    }
    if (req.url === '/v0/envelopes:batch' && req.method === 'POST') {
      this.batches++;
      const { envelopes } = JSON.parse(body.toString()) as { envelopes: Record<string, unknown>[] };
      return json(res, 200, { results: envelopes.map((e) => this.envelope(e)) });
    }
    if (req.url === '/v0/receipts' && req.method === 'POST') {
      this.receipts.push(JSON.parse(body.toString()) as Record<string, unknown>);
      return json(res, 200, { ok: true });
    }
    json(res, 404, { error: { code: 'not_found' } });
  }
}

export interface Delivery {
  signature: string | undefined;
  raw: Buffer;
  body: Record<string, unknown>;
}

/** A business's webhook endpoint; `status` decides what it answers. */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  status = 200;
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = `${await listen(this.server)}/hooks/b1`;
    return this;
  }
  stop(): Promise<void> {
    return close(this.server);
  }
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    if (req.method === 'GET') {
      // The verification handshake: echo the challenge, as a business that set the callback up would.
      const challenge = new URL(req.url ?? '/', 'http://x.invalid').searchParams.get('hub.challenge') ?? '';
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(challenge);
      return;
    }
    this.deliveries.push({ signature: req.headers['x-hub-signature-256'] as string | undefined, raw, body: JSON.parse(raw.toString()) as Record<string, unknown> });
    res.writeHead(this.status);
    res.end();
  }
}

export const expectedSignature = (secret: string, raw: Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/** `entry[0].changes[0].value` of a webhook body. */
export const valueOf = (d: Delivery): Record<string, unknown> => {
  const entry = (d.body.entry as { changes: { value: Record<string, unknown> }[] }[])[0];
  return entry.changes[0].value;
};
