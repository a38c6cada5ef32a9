// One case's world: the target reset and wired to the harness, the businesses
// and consumers the case asks for, and ways to wait for the target to act.

import { Consumer } from '../parties/consumer.ts';
import { SimulatedConsumer } from '../parties/simulated-consumer.ts';
import type { ConsumerParty } from '../parties/consumer-party.ts';
import { expectWritten } from '../verify/consumer-write.ts';
import { GraphApi, type GraphCaller } from '../target/graph-api.ts';
import { VirtualClock } from '../core/virtual-clock.ts';
import { randomDigits, secretToken, type DigitSource } from '../core/random.ts';
import { HarnessError, NotApplicable } from '../core/errors.ts';
import { expect } from '../core/expect.ts';
import type { RunEnvironment } from './environment.ts';
import type { VerificationAnswer, VerificationRequest, WebhookDelivery } from '../parties/webhook-receiver.ts';
import type { HookMode } from '../core/hook-mode.ts';
import type { BusinessProvision, StoredRecord } from '../target/control-plane.ts';
import type { TargetResponse } from '../target/target-client.ts';
import type { BusinessReceipt, MockTransport, RelayedEnvelope } from '../parties/transport.ts';
import type { TlsIdentity } from '../parties/harness-server.ts';
import type { WireLog } from '../core/wire-log.ts';
import { TransportNotices } from '../parties/transport-notices.ts';
import { expectNoWebhookFlood } from '../verify/webhook-flood.ts';

export interface Business {
  key: string;
  wabaId: string;
  phoneNumberId: string;
  /** The business number's WhatsApp id: its Signal address on the transport. */
  waId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  webhookUrl: string;
}

/** 2026-01-01T00:00:00Z: a fixed start keeps virtual timestamps reproducible. */
export const VIRTUAL_EPOCH_MS = 1_767_225_600_000;

export interface BusinessOptions {
  /** How its webhook endpoint answers the verification handshake (default: echoes the challenge). */
  verification?: VerificationAnswer;
  /** The harness listener the target calls for this business's webhook (an HTTPS one in the TLS cases). */
  webhookBase?: string;
}

/** How the target is wired to the harness (PROTOCOL.md §11): where it reaches the parties, what it trusts, its mode. */
export interface Wiring {
  /** The harness listener for the transport, sinks and (by default) webhooks: an HTTPS one for a TLS run. */
  base: string;
  trust?: { ca_pem: string };
  production?: boolean;
}

export interface WorldOptions {
  /** Where phone numbers and ids come from (default: random); a seeded source makes a replay provision the same ones. */
  digits?: DigitSource;
  /** Default: the harness's plain listener, nothing extra trusted, not production. */
  wiring?: Wiring;
  /** A Graph request the target does not answer in time fails the case (NoAnswer) instead of being a harness error. */
  graphMustAnswer?: boolean;
}

/**
 * The transport's key directory as cases read and draw on it: the bundles
 * each business published (`uploads`, by WhatsApp id), bundle fetches as a
 * consumer makes them, and its one-time prekeys.
 */
export type KeyDirectory = Pick<MockTransport, 'uploads' | 'fetchBundle' | 'bundleWithPreKey' | 'drainPreKeys' | 'unusedPreKeys'>;

/**
 * A recipient number no one has, for Graph-only sends when the user named
 * none (--to): in a range reserved for drama (Ofcom), so no real network
 * delivers to it.
 */
export const NOBODY = '447700900123';

export class World {
  readonly graph: GraphApi;
  readonly clock: VirtualClock;
  readonly businesses: Business[] = [];
  readonly consumers: ConsumerParty[] = [];

  readonly #digits: DigitSource;
  /** Where businesses' webhooks point unless a business says otherwise. */
  #webhookBase: string;

  private constructor(
    /** The run's parties, for the harness's own modules (fuzz commands, verifiers); cases use the methods below. */
    readonly env: RunEnvironment,
    options: WorldOptions,
  ) {
    this.graph = new GraphApi(env.client, env.graphVersion, { mustAnswer: options.graphMustAnswer ?? false });
    this.clock = new VirtualClock(VIRTUAL_EPOCH_MS);
    this.#digits = options.digits ?? randomDigits;
    this.#webhookBase = options.wiring?.base ?? env.server.publicUrl;
  }

  static async open(env: RunEnvironment, options: WorldOptions = {}): Promise<World> {
    const world = new World(env, options);
    const transportToken = secretToken('tr');
    env.secrets.add(transportToken);
    env.transport.reset(transportToken);
    env.receivers.reset();
    if (env.declared.has('control.provision')) {
      const { base, ...mode } = options.wiring ?? { base: env.server.publicUrl };
      await env.control.reset({
        now_ms: VIRTUAL_EPOCH_MS,
        transport: { url: `${base}/transport`, token: transportToken },
        sinks: { telemetry: `${base}/sinks/telemetry`, ads: `${base}/sinks/ads` },
        ...mode,
      });
      if (env.declared.has('control.clock')) world.clock.set(await env.control.now());
    }
    env.receivers.virtualNowMs = world.clock.ms;
    return world;
  }

  has(capability: string): boolean {
    return this.env.declared.has(capability);
  }

  /**
   * Resets the target again, wired to the harness at `base` (an HTTPS listener
   * for the TLS cases) with the given trust and mode (PROTOCOL.md §11).
   */
  async rewire(base: string, options: Omit<Wiring, 'base'> = {}): Promise<void> {
    this.businesses.length = 0;
    this.#webhookBase = base;
    this.env.receivers.reset();
    await this.env.control.reset({
      now_ms: this.clock.ms,
      transport: { url: `${base}/transport`, token: this.env.transport.token },
      sinks: { telemetry: `${base}/sinks/telemetry`, ads: `${base}/sinks/ads` },
      ...options,
    });
  }

  /**
   * A business to call the Graph API as: a freshly provisioned one when the
   * target has a control plane, else the one the user gave (--token,
   * --phone-number-id). Cases that need only the Graph API use this.
   */
  async graphCaller(): Promise<GraphCaller> {
    if (this.has('control.provision')) return this.business();
    const given = this.env.given;
    if (!given) throw new HarnessError('HARNESS_INTERNAL', 'no control plane and no --token/--phone-number-id: the case should have been n/a');
    return { accessToken: given.accessToken, phoneNumberId: given.phoneNumberId };
  }

  /**
   * A second business, other than `graphCaller()`'s, for the isolation cases:
   * a freshly provisioned one with a control plane, else the second one the
   * user gave (--business); undefined when there is none.
   */
  async otherGraphCaller(): Promise<GraphCaller | undefined> {
    if (this.has('control.provision')) return this.business();
    const other = this.env.givenBusinesses[1];
    return other && { accessToken: other.accessToken, phoneNumberId: other.phoneNumberId };
  }

  /**
   * Two businesses to call the Graph API as, for the isolation cases: two
   * provisioned ones with a control plane, else the first two the user gave;
   * n/a with the reason when there is only one.
   */
  async twoGraphCallers(): Promise<[GraphCaller, GraphCaller]> {
    if (!this.hasOtherBusiness()) throw new NotApplicable('needs two businesses: give a second --business (TOKEN,PHONE_NUMBER_ID) the target knows');
    const a = await this.graphCaller();
    return [a, (await this.otherGraphCaller())!];
  }

  /** Whether `otherGraphCaller()` has a business to give. */
  hasOtherBusiness(): boolean {
    return this.has('control.provision') || this.env.givenBusinesses.length > 1;
  }

  /**
   * Opens the 24-hour customer-service window: the consumer writes to the
   * business and the target processes it. Free-form sends need this first.
   */
  async openWindow(business: Business, consumer: ConsumerParty): Promise<void> {
    expectWritten(await consumer.write(business.waId, { v: 0, type: 'text', text: { body: 'hello' } }), 'the consumer\'s first message');
    await this.settle();
  }

  /** Provisions a new business number on the target, with its own secrets and webhook. */
  async business(options: BusinessOptions = {}): Promise<Business> {
    const { business, response } = await this.tryBusiness(options);
    this.env.control.expectProvisioned(response);
    this.businesses.push(business);
    return business;
  }

  /** Asks the target to provision a business and returns its answer without judging it. */
  async tryBusiness(options: BusinessOptions = {}): Promise<{ business: Business; response: TargetResponse }> {
    const webhookBase = options.webhookBase ?? this.#webhookBase;
    const n = this.businesses.length + 1;
    const key = `b${n}`;
    const b: Business = {
      key,
      wabaId: this.#digits(15),
      phoneNumberId: this.#digits(15),
      waId: `1555${this.#digits(7)}`,
      accessToken: secretToken('EAAT'),
      appSecret: secretToken('as'),
      verifyToken: secretToken('vt'),
      webhookUrl: `${webhookBase}/hooks/${key}`,
    };
    for (const s of [b.accessToken, b.appSecret, b.verifyToken]) this.env.secrets.add(s);
    this.env.receivers.add({ key, appSecret: b.appSecret, verifyToken: b.verifyToken, verification: options.verification });
    return { business: b, response: await this.env.control.tryProvision(this.#provision(b)) };
  }

  #provision(b: Business): BusinessProvision {
    return {
      waba_id: b.wabaId,
      phone_number_id: b.phoneNumberId,
      display_phone_number: b.waId,
      access_token: b.accessToken,
      app_secret: b.appSecret,
      webhook_url: b.webhookUrl,
      verify_token: b.verifyToken,
    };
  }

  /**
   * A new consumer with a unique number, writing the way this run's
   * consumers reach the target: a Signal consumer on the transport, else a
   * simulated one (PROTOCOL.md §14, --adapter). For cases whose rule does not
   * depend on Signal; they require `consumer`.
   */
  async consumer(waId = `${this.#digits(2)}${this.#digits(10)}`): Promise<ConsumerParty> {
    if (this.env.consumerPath === 'signal') return this.signalConsumer(waId);
    const simulation = this.env.simulation;
    if (!simulation) throw new HarnessError('HARNESS_INTERNAL', 'no consumer can reach this target: the case should have been n/a (it requires consumer)');
    const c = new SimulatedConsumer(waId, simulation, (id) => this.businesses.find((b) => b.waId === id));
    this.consumers.push(c);
    return c;
  }

  /** A new Signal consumer with a unique number, its keys published on the transport: for cases that require transport.signal. */
  async signalConsumer(waId = `${this.#digits(2)}${this.#digits(10)}`): Promise<Consumer> {
    if (this.env.consumerPath !== 'signal') throw new HarnessError('HARNESS_INTERNAL', `this run's consumers write through ${this.env.consumerPath}: a case that needs Signal should have been n/a`);
    const c = await Consumer.create(waId, { transport: this.env.transport, target: this.env.client, clock: this.clock });
    this.consumers.push(c);
    return c;
  }

  /** What `b`'s endpoint received; a flood fails the case here, for every webhook check. */
  webhooks(b: Business): WebhookDelivery[] {
    expectNoWebhookFlood(this.env.receivers.recorded, this.env.logs.current.requestsToTarget);
    return this.env.receivers.for(b.key);
  }

  /** Returns once the target says it has nothing in flight (or after a short pause if it cannot say). */
  async settle(): Promise<void> {
    if (this.has('control.idle')) {
      const deadline = Date.now() + 20_000;
      while (!(await this.env.control.idle())) {
        if (Date.now() > deadline) throw new HarnessError('HARNESS_TIMEOUT', 'Target did not become idle within 20 s');
      }
    } else {
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Polls until `probe` returns a value, settling the target in between.
   * Returns undefined when it never does within the time: the case decides
   * whether that is a failure.
   */
  async waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) return undefined;
      await this.settle();
      const again = await probe();
      if (again !== undefined) return again;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async advanceClock(ms: number): Promise<void> {
    // Deliveries the advance starts arrive before its answer: stamp them with the new time.
    this.env.receivers.virtualNowMs = this.clock.ms + ms;
    this.clock.set(await this.env.control.advance(ms));
    this.env.receivers.virtualNowMs = this.clock.ms;
  }

  /** Deliveries to the business that its endpoint acknowledged (2xx). */
  acked(b: Business): WebhookDelivery[] {
    return this.webhooks(b).filter((d) => d.acked);
  }

  /** Crashes and restarts the target (PROTOCOL §3, `control.restart`): only what it stored survives. */
  async restart(): Promise<void> {
    await this.env.control.restart();
  }

  // --- The run around the case

  /**
   * The run's environment, for a case that opens worlds of its own (the
   * regression corpus replays fuzz sequences, each in a fresh world). Every
   * other case uses the methods of this class.
   */
  runEnvironment(): RunEnvironment {
    return this.env;
  }

  /** Registers a secret the case made up (a wrong token, say) so reports, logs and errors redact it. */
  keepSecret(secret: string): void {
    this.env.secrets.add(secret);
  }

  /** Whether the target was told where the rest-of-Meta sinks are (the control plane's reset; never through an adapter). */
  sinksWired(): boolean {
    return this.has('control.provision') && this.env.consumerPath !== 'adapter';
  }

  /** A number the business may send to: the one given with --to, else one no one has (the send is judged, not delivered). */
  recipient(): string {
    return this.env.given?.to ?? NOBODY;
  }

  /** The recipients the user named (--to), in order: numbers the target accepts, whose window the harness cannot know. */
  givenRecipients(): readonly string[] {
    return this.env.recipients;
  }

  /** Every record the target holds at rest, as the control plane dumps it (PROTOCOL §12, `control.storage`). */
  storageDump(): Promise<StoredRecord[]> {
    return this.env.control.storage();
  }

  /** The case's wire log: every exchange between the harness and the target so far. */
  wireLog(): WireLog {
    return this.env.logs.current;
  }

  /** A harness HTTPS listener presenting `identity` (created once per name); its base URL, for webhooks behind TLS. */
  tlsListener(name: string, identity: TlsIdentity): Promise<string> {
    return this.env.server.tlsUrl(name, identity);
  }

  // --- Webhook endpoints (one per business)

  /** From now on `b`'s endpoint answers deliveries this way ('ok' answers 200 again). */
  setWebhookMode(b: Business, mode: HookMode): void {
    this.env.receivers.setMode(b.key, mode);
  }

  /** What `b`'s endpoint received so far, without the flood check of `webhooks`: for loops that count deliveries. */
  deliveriesTo(b: Business): WebhookDelivery[] {
    return this.env.receivers.for(b.key);
  }

  /** The verification GETs (hub.mode, hub.verify_token, hub.challenge) `b`'s endpoint received, in order. */
  verificationRequests(b: Business): VerificationRequest[] {
    return this.env.receivers.verifications.filter((v) => v.business === b.key);
  }

  // --- The WhatsApp transport: what the target sent it (PROTOCOL §4)

  /** Every envelope the target posted and the transport relayed, in arrival order. */
  relayedEnvelopes(): readonly RelayedEnvelope[] {
    return this.env.transport.envelopes;
  }

  /** Read receipts and typing indicators businesses sent, in arrival order. */
  receipts(): readonly BusinessReceipt[] {
    return this.env.transport.receipts;
  }

  /** Integrity signals the target sent (POST /transport/v0/integrity-signals), as JSON. */
  integritySignals(): readonly unknown[] {
    return this.env.transport.integritySignals;
  }

  /** Envelope POSTs the transport refused for integrity (429), per sender, in order. */
  rejections(): ReadonlyArray<{ from: string; id: string }> {
    return this.env.transport.rejections;
  }

  /** Notices the transport sends the target (spam reports, billing), bearing the transport token. */
  transportNotices(): TransportNotices {
    return new TransportNotices(this.env.client, this.env.transport);
  }

  // --- The WhatsApp transport: how it treats a number

  /** From now on the transport refuses envelopes from `waId` for integrity (429, Retry-After `retryAfterMs`), until `acceptEnvelopesFrom`. */
  rejectEnvelopesFrom(waId: string, retryAfterMs: number): void {
    this.env.transport.reject(waId, retryAfterMs);
  }

  /** Ends `rejectEnvelopesFrom`. */
  acceptEnvelopesFrom(waId: string): void {
    this.env.transport.allow(waId);
  }

  /** `waId` becomes undeliverable for good: the transport refuses every envelope to it. */
  makeUndeliverable(waId: string): void {
    this.env.transport.refuseDeliveryTo(waId);
  }

  /** `waId`'s phone goes offline: the transport takes envelopes for it but cannot hand them over until `bringOnline`. */
  takeOffline(waId: string): void {
    this.env.transport.offline(waId);
  }

  /** Ends `takeOffline`: the phone comes back and takes what waited for it. */
  bringOnline(waId: string): void {
    this.env.transport.online(waId);
  }

  /**
   * The next envelope POST to `to` is relayed at once but answered only on
   * release (at most 20 s): the moment a crash makes a target post twice.
   */
  holdNextEnvelopeAnswer(to: string): { release: () => void; taken: () => boolean } {
    return this.env.transport.holdNextEnvelopeAnswer(to);
  }

  /** The next media GET by the target waits for the returned release (at most 20 s). */
  holdNextMediaFetch(): () => void {
    return this.env.transport.holdNextMediaFetch();
  }

  /** How many consumer media files the target fetched from the transport so far. */
  mediaFetchCount(): number {
    return this.env.transport.mediaFetches.length;
  }

  /** The transport's key directory: published bundles, bundle fetches, one-time prekeys (harness/verify/published-bundles.ts reads it). */
  keyDirectory(): KeyDirectory {
    return this.env.transport;
  }
}
