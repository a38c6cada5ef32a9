// A simulated WhatsApp user with a real Signal identity. It publishes its
// prekey bundle in the mock transport, decrypts what the target relays to it,
// encrypts what it sends, and emits delivery and read receipts.

import { createHash, randomBytes } from 'node:crypto';
import {
  Aes256GcmSiv,
  CiphertextMessageType,
  PreKeySignalMessage,
  ProtocolAddress,
  SignalMessage,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import { createLocalIdentity, type LocalIdentity } from '../signal/local-identity.ts';
import { toPreKeyBundle, type FetchedBundle } from '../signal/bundle.ts';
import type { MockTransport, RelayedEnvelope } from './transport.ts';
import { pushBounded } from '../core/bounded.ts';
import type { TargetClient, TargetResponse } from '../target/target-client.ts';
import type { VirtualClock } from '../core/virtual-clock.ts';
import { HarnessError } from '../core/errors.ts';
import type { ConsumerParty, Written } from './consumer-party.ts';

export interface ReceivedMessage {
  envelope: RelayedEnvelope;
  /** Decrypted bytes, when the consumer's session could decrypt them. */
  plaintext?: Buffer;
  /** The plaintext parsed as the content object (PROTOCOL.md §7). */
  content?: unknown;
  /** Why decryption or parsing failed. */
  error?: string;
}

export interface SentEnvelope extends OutgoingEnvelope {
  response: TargetResponse;
}

export interface ConsumerDeps {
  transport: MockTransport;
  target: TargetClient;
  clock: VirtualClock;
}

export function newMessageId(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

/** An encrypted message to a business, not yet handed to the target. */
export interface OutgoingEnvelope {
  id: string;
  from: string;
  to: string;
  type: number;
  body: string;
  timestamp: number;
}

export class Consumer implements ConsumerParty {
  readonly path = 'signal' as const;
  readonly address: ProtocolAddress;
  #received: ReceivedMessage[] = [];
  readonly #startOver = new Set<string>();
  private identity: LocalIdentity;

  private constructor(
    readonly waId: string,
    identity: LocalIdentity,
    private readonly deps: ConsumerDeps,
  ) {
    this.address = ProtocolAddress.new(waId, 1);
    this.identity = identity;
  }

  /** The serialised identity public key this consumer publishes. */
  get identityKey(): Uint8Array {
    return this.identity.identity.publicKey.serialize();
  }

  /**
   * The app is reinstalled: a new identity and prekeys replace the old ones in
   * the key directory, and every session is gone.
   */
  async reinstall(): Promise<void> {
    this.identity = await createLocalIdentity(this.deps.clock.ms);
    this.deps.transport.register(this.waId, this.identity.bundle);
  }

  static async create(waId: string, deps: ConsumerDeps): Promise<Consumer> {
    const identity = await createLocalIdentity(deps.clock.ms);
    deps.transport.register(waId, identity.bundle);
    return new Consumer(waId, identity, deps);
  }

  /**
   * The next message to this business starts a new session from a freshly
   * fetched bundle, as a client does once the other side dropped the session
   * (a target purges it with the consumer's number after 30 days, PROTOCOL §12).
   */
  startOver(businessWaId: string): void {
    this.#startOver.add(businessWaId);
  }

  /** Everything decrypted so far, in arrival order. */
  get received(): readonly ReceivedMessage[] {
    return this.#received;
  }

  /** Drops what was received so far: a long run (the bench) keeps memory flat. */
  forgetReceived(): void {
    this.#received = [];
  }

  /** Decrypts whatever the transport holds for this consumer, oldest first. */
  async receive(): Promise<ReceivedMessage[]> {
    const fresh: ReceivedMessage[] = [];
    for (const envelope of this.deps.transport.take(this.waId)) fresh.push(await this.#decrypt(envelope));
    // Capped (bounded.ts): a target flooding a consumer leaves its first and last messages.
    for (const m of fresh) pushBounded(this.#received, m);
    return fresh;
  }

  async #decrypt(envelope: RelayedEnvelope): Promise<ReceivedMessage> {
    const remote = ProtocolAddress.new(envelope.from, 1);
    const s = this.identity.stores;
    let plaintext: Buffer;
    try {
      const body = new Uint8Array(envelope.body);
      const bytes =
        envelope.type === CiphertextMessageType.PreKey
          ? await signalDecryptPreKey(
              PreKeySignalMessage.deserialize(body),
              remote,
              this.address,
              s.sessions,
              s.identity,
              s.preKeys,
              s.signedPreKeys,
              s.kyberPreKeys,
            )
          : await signalDecrypt(SignalMessage.deserialize(body), remote, this.address, s.sessions, s.identity);
      plaintext = Buffer.from(bytes);
    } catch (e) {
      return { envelope, error: `decryption failed: ${(e as Error).message}` };
    }
    try {
      return { envelope, plaintext, content: JSON.parse(plaintext.toString('utf8')) };
    } catch {
      return { envelope, plaintext, error: 'plaintext is not the JSON content object of PROTOCOL.md §7' };
    }
  }

  /** Encrypts a content object to a business and hands it to the target's transport endpoint. */
  async send(businessWaId: string, content: unknown, id = newMessageId()): Promise<SentEnvelope> {
    return this.post(await this.encrypt(businessWaId, content, id));
  }

  /**
   * Sends a file (PROTOCOL §4.2, §7): uploads it to the transport's media
   * store encrypted under a fresh key (libsignal AES-256-GCM-SIV, the nonce
   * first) and sends the media object naming it, with the key, in a Signal
   * message. `media` holds the object's other members (caption, filename…).
   */
  async sendMedia(businessWaId: string, type: 'image' | 'audio' | 'video' | 'document' | 'sticker', file: Buffer, mime: string, media: Record<string, unknown> = {}): Promise<SentEnvelope & { mediaId: string }> {
    const mediaId = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 10n ** 15n);
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const sealed = Aes256GcmSiv.new(new Uint8Array(key)).encrypt(new Uint8Array(file), new Uint8Array(nonce), new Uint8Array(0));
    this.deps.transport.putMedia(mediaId, Buffer.concat([nonce, Buffer.from(sealed)]));
    const object = { ...media, id: mediaId, mime_type: mime, sha256: createHash('sha256').update(file).digest('base64'), media_key: key.toString('base64') };
    return { ...(await this.send(businessWaId, { v: 0, type, [type]: object })), mediaId };
  }

  /** Posts an envelope, genuine or doctored, to the target's transport endpoint. */
  async post(envelope: OutgoingEnvelope): Promise<SentEnvelope> {
    const response = await this.deps.target.request('transport-endpoint', 'POST', '/transport/v0/envelopes', {
      headers: { authorization: `Bearer ${this.deps.transport.token}` },
      json: envelope,
    });
    return { ...envelope, response };
  }

  /**
   * Encrypts a content object to a business without sending it, so a case can
   * replay, reorder or tamper with it. `bundle` overrides the directory's
   * answer for first contact (an adversarial directory).
   */
  async encrypt(businessWaId: string, content: unknown, id = newMessageId(), bundle?: FetchedBundle): Promise<OutgoingEnvelope> {
    const remote = ProtocolAddress.new(businessWaId, 1);
    const s = this.identity.stores;
    // No session, or one left unanswered for 30 days (libsignal drops it, PROTOCOL §10): start afresh, as a client does.
    const session = await s.sessions.getSession(remote);
    if (this.#startOver.delete(businessWaId) || !session || !session.hasCurrentState(this.deps.clock.date())) {
      bundle ??= this.deps.transport.fetchBundle(businessWaId);
      if (!bundle) throw new HarnessError('HARNESS_INTERNAL', `no published bundle for business ${businessWaId} in the key directory`);
      await processPreKeyBundle(toPreKeyBundle(bundle), remote, this.address, s.sessions, s.identity, this.deps.clock.date());
    }
    const plaintext = new Uint8Array(Buffer.from(JSON.stringify(content), 'utf8'));
    const message = await signalEncrypt(plaintext, remote, this.address, s.sessions, s.identity, this.deps.clock.date());
    return {
      id,
      from: this.waId,
      to: businessWaId,
      type: message.type(),
      body: Buffer.from(message.serialize()).toString('base64'),
      timestamp: this.deps.clock.seconds,
    };
  }

  async write(businessWaId: string, content: unknown, id = newMessageId()): Promise<Written> {
    const sent = await this.send(businessWaId, content, id);
    const via = 'POST /transport/v0/envelopes';
    return sent.response.status === 200 ? { id, via } : { id, via, refusal: `HTTP ${sent.response.status}` };
  }

  async acknowledge(type: 'delivered' | 'read', businessWaId: string, messageIds: string[]): Promise<void> {
    // As a phone does: a receipt the target refuses is not sent again; the cases judge the statuses that follow.
    await this.receipt(type, businessWaId, messageIds);
  }

  async receipt(type: 'delivered' | 'read', businessWaId: string, messageIds: string[]): Promise<TargetResponse> {
    return this.deps.target.request('transport-endpoint', 'POST', '/transport/v0/receipts', {
      headers: { authorization: `Bearer ${this.deps.transport.token}` },
      json: { type, from: this.waId, to: businessWaId, message_ids: messageIds, timestamp: this.deps.clock.seconds },
    });
  }
}
