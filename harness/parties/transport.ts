// The mock WhatsApp transport (PROTOCOL.md §4): key directory, envelope
// relay, integrity, unreachable recipients, media store and receipts, each a
// part under transport/ that owns its state, composed by one router. It never
// sees plaintext; what the target sends it is recorded in the case's wire log
// for the cases to judge. Every record is capped (bounded.ts), so a flooding
// target cannot grow the harness. This class is the face the World, the
// cases and the fuzz commands use.

import type { RequestHandler } from 'msw';
import type { FastRoute } from './harness-server.ts';
import type { FetchedBundle, PublishedBundle, WirePreKey } from '../signal/bundle.ts';
import { EnvelopeAnswerHold } from './transport/answer-hold.ts';
import { Integrity } from './transport/integrity.ts';
import { KeyDirectory } from './transport/key-directory.ts';
import { MediaStore } from './transport/media-store.ts';
import { ProtocolProblems } from './transport/problems.ts';
import { BusinessReceipts, type BusinessReceipt } from './transport/receipts.ts';
import { UnreachableRecipients } from './transport/recipients.ts';
import { Relay, type RelayedEnvelope } from './transport/relay.ts';
import { TransportRouter, type TransportParts } from './transport/router.ts';
import { TokenGate } from './transport/token-gate.ts';

export type { RelayedEnvelope } from './transport/relay.ts';
export type { BusinessReceipt } from './transport/receipts.ts';

function transportParts(): TransportParts {
  const problems = new ProtocolProblems();
  const relay = new Relay();
  return {
    problems,
    relay,
    directory: new KeyDirectory(relay, problems),
    integrity: new Integrity(problems),
    recipients: new UnreachableRecipients(),
    media: new MediaStore(),
    receipts: new BusinessReceipts(relay, problems),
    answerHold: new EnvelopeAnswerHold(),
  };
}

export class MockTransport {
  /** Every part with per-world state; a reset resets them all. */
  readonly parts: Readonly<TransportParts> = transportParts();
  readonly #gate = new TokenGate(this.parts.problems);
  readonly #router = new TransportRouter(this.parts, this.#gate);

  /** A new world: its token replaces the last (which stays known for requests in flight), every part forgets the last world. */
  reset(token: string): void {
    this.#gate.rotate(token);
    for (const part of Object.values(this.parts)) part.reset();
  }

  get token(): string {
    return this.#gate.token;
  }

  // --- the router (PROTOCOL §4)
  handlers(): RequestHandler[] {
    return this.#router.handlers();
  }

  /** The envelope relay without msw's Fetch conversion: the hottest route of a busy run. */
  fastRoutes(): FastRoute[] {
    return this.#router.fastRoutes();
  }

  /** Called for every envelope accepted for relay, so a driver need not poll (the bench). */
  get onEnvelope(): ((envelope: RelayedEnvelope) => void) | undefined {
    return this.#router.onEnvelope;
  }

  set onEnvelope(listener: ((envelope: RelayedEnvelope) => void) | undefined) {
    this.#router.onEnvelope = listener;
  }

  /** Protocol violations by the target, each a sentence for the evidence. */
  get problems(): string[] {
    return this.parts.problems.list;
  }

  // --- key directory
  /** Every bundle the target published, per address, in order. */
  get uploads(): Map<string, PublishedBundle[]> {
    return this.parts.directory.uploads;
  }

  /** A consumer publishes its keys and becomes reachable. */
  register(address: string, bundle: PublishedBundle): void {
    this.parts.directory.register(address, bundle);
  }

  /** Hands out a bundle with a one-time prekey that is never handed out again. */
  fetchBundle(address: string): FetchedBundle | undefined {
    return this.parts.directory.fetchBundle(address);
  }

  /** An adversarial directory: the bundle with a one-time prekey of our choice, whether or not it was handed out before. */
  bundleWithPreKey(address: string, preKeyId: number): FetchedBundle | undefined {
    return this.parts.directory.bundleWithPreKey(address, preKeyId);
  }

  /** Hands out every one-time prekey still unused, as many first contacts would. */
  drainPreKeys(address: string): WirePreKey[] {
    return this.parts.directory.drainPreKeys(address);
  }

  /** One-time prekeys of `address` the directory has not handed out yet. */
  unusedPreKeys(address: string): number {
    return this.parts.directory.unusedPreKeys(address);
  }

  // --- relay and inboxes
  /** Every envelope accepted for relay, in arrival order. */
  get envelopes(): RelayedEnvelope[] {
    return this.parts.relay.envelopes;
  }

  set envelopes(list: RelayedEnvelope[]) {
    this.parts.relay.envelopes = list;
  }

  /** Envelopes waiting for a consumer, oldest first; taking them empties the inbox. */
  take(address: string): RelayedEnvelope[] {
    return this.parts.relay.take(address);
  }

  /**
   * The next envelope POST (single or batch) carrying an envelope to `to` is
   * relayed at once, but its answer waits for the release (at most 20 s of
   * real time): the transport has the envelope and the target does not know
   * yet, the moment a crash makes a target post it twice. `taken` says
   * whether a POST is being held.
   */
  holdNextEnvelopeAnswer(to: string): { release: () => void; taken: () => boolean } {
    return this.parts.answerHold.holdNext(to);
  }

  // --- integrity (PROTOCOL §4.1)
  /** Integrity signals the target sent (POST /v0/integrity-signals), as JSON. */
  get integritySignals(): unknown[] {
    return this.parts.integrity.signals;
  }

  /** Envelope POSTs answered 429 integrity_rejected, per sender. */
  get rejections(): Array<{ from: string; id: string }> {
    return this.parts.integrity.rejections;
  }

  /** From now on, envelopes from `address` are rejected for integrity (429), until `allow`. */
  reject(address: string, retryAfterMs: number): void {
    this.parts.integrity.reject(address, retryAfterMs);
  }

  allow(address: string): void {
    this.parts.integrity.allow(address);
  }

  // --- unreachable recipients (PROTOCOL §4, §12)
  /** Envelope POSTs answered 410 undeliverable, in arrival order. */
  get undelivered(): Array<{ to: string; id: string }> {
    return this.parts.recipients.undelivered;
  }

  /** Envelope POSTs answered recipient_offline, in arrival order. */
  get offlineRefusals(): Array<{ to: string; id: string }> {
    return this.parts.recipients.offlineRefusals;
  }

  /** From now on, envelopes to `address` are answered 410 undeliverable. */
  refuseDeliveryTo(address: string): void {
    this.parts.recipients.refuseDeliveryTo(address);
  }

  /** The consumer's phone is off: envelopes to it are answered 503 recipient_offline, until `online`. */
  offline(address: string): void {
    this.parts.recipients.offline(address);
  }

  online(address: string): void {
    this.parts.recipients.online(address);
  }

  // --- media store (PROTOCOL §4.2)
  /** Media ids the target fetched, in order. */
  get mediaFetches(): string[] {
    return this.parts.media.fetches;
  }

  /** A consumer's phone uploads an encrypted file (the target fetches it with GET /v0/media/{id}). */
  putMedia(id: string, encrypted: Buffer): void {
    this.parts.media.put(id, encrypted);
  }

  /**
   * The next GET of any media waits for the returned release (at most 20 s
   * of real time), so a case can restart the target while a message is
   * accepted but not yet forwarded. Later fetches are answered at once.
   */
  holdNextMediaFetch(): () => void {
    return this.parts.media.holdNextFetch();
  }

  // --- receipts from the business
  /** Read receipts and typing indicators businesses sent, in arrival order. */
  get receipts(): BusinessReceipt[] {
    return this.parts.receipts.list;
  }

  set receipts(list: BusinessReceipt[]) {
    this.parts.receipts.list = list;
  }
}
