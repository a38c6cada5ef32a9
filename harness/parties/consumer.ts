// A simulated WhatsApp user with a real Signal identity. It publishes its
// prekey bundle in the mock transport, decrypts what the target relays to it,
// encrypts what it sends, and emits delivery and read receipts.

import { randomBytes } from 'node:crypto';
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
import { createLocalIdentity, type LocalIdentity } from '../signal/local-identity.ts';
import { toPreKeyBundle } from '../signal/bundle.ts';
import type { MockTransport, RelayedEnvelope } from './transport.ts';
import type { TargetClient, TargetResponse } from '../target/target-client.ts';
import type { VirtualClock } from '../core/virtual-clock.ts';
import { HarnessError } from '../core/errors.ts';

export interface ReceivedMessage {
  envelope: RelayedEnvelope;
  /** Decrypted bytes, when the consumer's session could decrypt them. */
  plaintext?: Buffer;
  /** The plaintext parsed as the content object (PROTOCOL.md §7). */
  content?: unknown;
  /** Why decryption or parsing failed. */
  error?: string;
}

export interface SentEnvelope {
  id: string;
  type: number;
  body: string;
  timestamp: number;
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

export class Consumer {
  readonly address: ProtocolAddress;
  #received: ReceivedMessage[] = [];

  private constructor(
    readonly waId: string,
    private readonly identity: LocalIdentity,
    private readonly deps: ConsumerDeps,
  ) {
    this.address = ProtocolAddress.new(waId, 1);
  }

  static async create(waId: string, deps: ConsumerDeps): Promise<Consumer> {
    const identity = await createLocalIdentity(deps.clock.ms);
    deps.transport.register(waId, identity.bundle);
    return new Consumer(waId, identity, deps);
  }

  /** Everything decrypted so far, in arrival order. */
  get received(): readonly ReceivedMessage[] {
    return this.#received;
  }

  /** Decrypts whatever the transport holds for this consumer, oldest first. */
  async receive(): Promise<ReceivedMessage[]> {
    const fresh: ReceivedMessage[] = [];
    for (const envelope of this.deps.transport.take(this.waId)) fresh.push(await this.#decrypt(envelope));
    this.#received.push(...fresh);
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
    const remote = ProtocolAddress.new(businessWaId, 1);
    const s = this.identity.stores;
    if (!(await s.sessions.getSession(remote))) {
      const bundle = this.deps.transport.fetchBundle(businessWaId);
      if (!bundle) throw new HarnessError('HARNESS_INTERNAL', `no published bundle for business ${businessWaId} in the key directory`);
      await processPreKeyBundle(toPreKeyBundle(bundle), remote, this.address, s.sessions, s.identity, this.deps.clock.date());
    }
    const plaintext = new Uint8Array(Buffer.from(JSON.stringify(content), 'utf8'));
    const message = await signalEncrypt(plaintext, remote, this.address, s.sessions, s.identity, this.deps.clock.date());
    const envelope = {
      id,
      from: this.waId,
      to: businessWaId,
      type: message.type(),
      body: Buffer.from(message.serialize()).toString('base64'),
      timestamp: this.deps.clock.seconds,
    };
    const response = await this.deps.target.request('transport-endpoint', 'POST', '/transport/v0/envelopes', {
      headers: { authorization: `Bearer ${this.deps.transport.token}` },
      json: envelope,
    });
    return { ...envelope, response };
  }

  async receipt(type: 'delivered' | 'read', businessWaId: string, messageIds: string[]): Promise<TargetResponse> {
    return this.deps.target.request('transport-endpoint', 'POST', '/transport/v0/receipts', {
      headers: { authorization: `Bearer ${this.deps.transport.token}` },
      json: { type, from: this.waId, to: businessWaId, message_ids: messageIds, timestamp: this.deps.clock.seconds },
    });
  }
}
