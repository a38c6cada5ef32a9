import { randomBytes } from 'node:crypto';
import { processPreKeyBundle, signalEncrypt } from '@signalapp/libsignal-client';
import { ReferenceFailure } from './errors.ts';
import { parseBundle } from './identity.ts';
import type { Outbox } from './outbox.ts';
import type { Runtime } from './runtime.ts';
import { HeldWrites, remoteAddress, storesFor } from './signal-store.ts';
import type { TransportClient } from './transport-client.ts';
import type { Integrity } from './integrity.ts';
import type { Telemetry } from './telemetry.ts';
import type { Business, Content, Envelope, StatusError } from './types.ts';
import { statusWebhook } from './webhooks.ts';
import { opaqueDataFor, rememberOpaqueData } from './opaque-data.ts';
import { isSimulated } from './simulated-consumers.ts';

interface MessageRow {
  id: string;
  business: string;
  consumer: string;
  content: Buffer;
  timestamp_ms: number;
}

interface StoredRow {
  id: string;
  business: string;
  consumer_sealed: Buffer;
  content: Buffer;
  timestamp_ms: number;
}

export const newWamid = (): string => `wamid.${randomBytes(24).toString('base64url')}`;

/** A message no longer pending needs its stored envelope no more (it names the consumer: not kept). */
export const forgetEnvelope = (rt: Runtime, id: string): void => void rt.stmt('DELETE FROM outbound_envelopes WHERE id = ?').run(id);

/** The per-session queue key: one business talking to one consumer. */
export const sessionKey = (business: Business, consumer: string): string => `${business.display_phone_number}|${consumer}`;

/**
 * Business → consumer: the message is stored as `pending` when the Graph API
 * accepts it, then encrypted and posted to the transport in the background.
 */
export class Outbound {
  /**
   * Messages posted and answered, whose `sent` waits for its group commit:
   * still `pending` in the table, so a delivery scheduled twice (a resume or
   * a retransmission meanwhile) must not post them again.
   */
  readonly #settling = new Set<string>();

  constructor(
    private readonly rt: Runtime,
    private readonly outbox: Outbox,
    private readonly transport: TransportClient,
    private readonly integrity: Integrity,
    private readonly telemetry: Telemetry,
  ) {}

  /** Stores an accepted message and starts its delivery; returns its wamid. */
  accept(business: Business, consumer: string, content: Content, opaque?: string): string {
    const id = newWamid();
    const who = this.rt.consumerAtRest(business.phone_number_id, consumer);
    const plain = Buffer.from(JSON.stringify(content));
    const timestampMs = this.rt.now();
    this.rt.db.transaction(() => {
      this.rt
        .stmt("INSERT INTO messages (id, business, consumer, consumer_sealed, direction, status, content, timestamp_ms) VALUES (?, ?, ?, ?, 'out', 'pending', ?, ?)")
        .run(id, business.phone_number_id, who.token, who.sealed, this.rt.seal(business.phone_number_id, plain), timestampMs);
      rememberOpaqueData(this.rt, business.phone_number_id, id, opaque);
    })();
    // The first attempt has the plaintext at hand; only a retransmission reads it back.
    this.schedule(business, consumer, id, { id, business: business.phone_number_id, consumer, content: plain, timestamp_ms: timestampMs });
    return id;
  }

  /** On a clock advance: messages waiting for an offline consumer are posted again (PROTOCOL §12). */
  retransmit(): void {
    this.resume();
  }

  /** After a restart: every message still pending goes out, in acceptance order. */
  resume(): void {
    // A message whose `sent` waits for its group commit is not pending any more.
    this.rt.commitDeferred();
    const rows = this.rt
      .stmt("SELECT m.id, m.consumer_sealed, b.* FROM messages m JOIN businesses b ON b.phone_number_id = m.business WHERE m.direction = 'out' AND m.status = 'pending' ORDER BY m.rowid")
      .all() as (Business & { id: string; consumer_sealed: Buffer })[];
    for (const r of rows) this.schedule(r, this.rt.open(r.consumer_sealed).toString('utf8'), r.id);
  }

  private schedule(business: Business, consumer: string, id: string, inMemory?: MessageRow): void {
    const generation = this.rt.generation;
    this.rt.sessions
      .run(this.rt.seams.signalQueueKey(sessionKey(business, consumer), id), () => this.deliver(business, id, generation, inMemory))
      .catch((e: unknown) => {
        if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') return;
        process.emitWarning(`outbound ${id} not delivered: ${(e as Error).message}`);
      });
  }

  private async deliver(business: Business, id: string, generation: number, inMemory?: MessageRow): Promise<void> {
    this.rt.guard(generation);
    // Only a pending message goes out: a retransmission scheduled twice sends once.
    if (this.#settling.has(id)) return;
    let msg: MessageRow;
    if (inMemory) {
      if (!this.rt.stmt("SELECT 1 FROM messages WHERE id = ? AND status = 'pending'").get(id)) return;
      msg = inMemory;
    } else {
      const row = this.rt.stmt("SELECT id, business, consumer_sealed, content, timestamp_ms FROM messages WHERE id = ? AND status = 'pending'").get(id) as StoredRow | undefined;
      if (!row) return;
      msg = { ...row, consumer: this.rt.open(row.consumer_sealed).toString('utf8'), content: this.rt.open(row.content) };
    }
    const remote = remoteAddress(msg.consumer);
    const now = new Date(this.rt.now());
    let outcome: Awaited<ReturnType<TransportClient['postEnvelope']>>;
    // Backing off after an integrity rejection: fail without calling the transport (§4.1).
    if (this.integrity.holding(business)) return this.fail(business, msg, generation, this.rt.seams.integrityRejectionError());
    // A consumer who writes through simulation has no Signal session and no transport: handed over at once (PROTOCOL §14).
    if (isSimulated(this.rt, business.phone_number_id, msg.consumer)) {
      return this.handedOver(business, msg, generation, JSON.parse(msg.content.toString('utf8')) as Content);
    }
    let content: Content;
    try {
      content = JSON.parse(msg.content.toString('utf8')) as Content;
      // Encrypted before (a restart or a retransmission since): the same bytes again, so a
      // transport that had them already holds a copy the consumer's session discards.
      let envelope = this.rt.seams.storedEnvelopeReposted() ? this.storedEnvelope(msg.id) : undefined;
      if (!envelope) {
        const held = new HeldWrites(this.rt, business.phone_number_id);
        try {
          const stores = storesFor(this.rt, business, generation, held);
          const session = await stores.sessions.getSession(remote);
          if (!session || !this.rt.seams.sessionUsable(session, now.getTime())) {
            const bundle = await this.transport.getKeys(msg.consumer);
            if (bundle === null) return this.refused(business, msg, generation, 'unknown_address');
            await processPreKeyBundle(parseBundle(bundle), remote, stores.local, stores.sessions, stores.identities, now);
          }
          const ciphertext = await signalEncrypt(new Uint8Array(msg.content), remote, stores.local, stores.sessions, stores.identities, now);
          const made: Envelope = {
            id: msg.id,
            from: business.display_phone_number,
            to: msg.consumer,
            type: ciphertext.type(),
            body: Buffer.from(ciphertext.serialize()).toString('base64'),
            timestamp: Math.floor(msg.timestamp_ms / 1000),
          };
          this.rt.guard(generation);
          // The session advance and the envelope it made are stored together, before anything is posted.
          held.commit(() =>
            this.rt
              .stmt('INSERT OR REPLACE INTO outbound_envelopes (id, business, envelope) VALUES (?, ?, ?)')
              .run(msg.id, business.phone_number_id, this.rt.seal(business.phone_number_id, Buffer.from(JSON.stringify(made)))),
          );
          envelope = made;
        } finally {
          held.release();
        }
      }
      this.rt.guard(generation);
      outcome = await this.transport.postEnvelope(this.rt.seams.encodeEnvelope(envelope, content), this.rt.seams.transportHeaders(envelope, content));
    } catch (e) {
      if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') throw e;
      return this.fail(business, msg, generation, {
        code: 131000,
        title: 'Something went wrong',
        message: 'Something went wrong',
        error_data: { details: (e as Error).message },
      });
    }
    // The consumer is offline: the message stays pending until a clock advance posts it again (PROTOCOL §12).
    if (outcome === 'offline') return;
    if (outcome === 'unknown_address' || outcome === 'undeliverable') return this.refused(business, msg, generation, outcome);
    if (typeof outcome === 'object') {
      this.rt.guard(generation);
      this.integrity.rejected(business, outcome.integrityRejected);
      return this.fail(business, msg, generation, this.rt.seams.integrityRejectionError());
    }
    this.handedOver(business, msg, generation, content);
  }

  /** The consumer has the message (the transport took it, or it went to a simulated consumer): it is sent. */
  private handedOver(business: Business, msg: MessageRow, generation: number, content: Content): void {
    const text = (content.text as { body?: unknown } | undefined)?.body;
    this.telemetry.message(business, 'sent', { id: msg.id, consumer: msg.consumer, content: typeof text === 'string' ? text : '', timestampMs: msg.timestamp_ms });
    this.sent(business, msg, generation);
  }

  /** The envelope stored for message `id` when it was encrypted, if it is still waiting to be known sent. */
  private storedEnvelope(id: string): Envelope | undefined {
    const row = this.rt.stmt('SELECT envelope FROM outbound_envelopes WHERE id = ?').get(id) as { envelope: Buffer } | undefined;
    return row ? (JSON.parse(this.rt.open(row.envelope).toString('utf8')) as Envelope) : undefined;
  }

  private sent(business: Business, msg: MessageRow, generation: number): void {
    // Committed with the other messages sent in this turn (a receipt commits them first).
    // The timestamp is taken now: the clock may move before the commit.
    const timestampSeconds = this.rt.nowSeconds();
    this.#settling.add(msg.id);
    this.rt.defer(generation, () => {
      this.#settling.delete(msg.id);
      // A receipt may already have moved the status on (and reported `sent` first): `sent` never moves it back.
      const moved = this.rt.stmt("UPDATE messages SET status = 'sent' WHERE id = ? AND status = 'pending'").run(msg.id).changes > 0;
      forgetEnvelope(this.rt, msg.id);
      if (moved) this.outbox.enqueue(
        business,
        statusWebhook(business, { id: msg.id, status: 'sent', timestampSeconds, recipient: msg.consumer, ...opaqueDataFor(this.rt, msg.id, 'sent') }, this.rt.seams.webhookTimestamp),
      );
    });
  }

  /** The transport does not know the recipient, or cannot deliver to them (PROTOCOL §4). */
  private refused(business: Business, msg: MessageRow, generation: number, reason: 'unknown_address' | 'undeliverable'): void {
    const error = this.rt.seams.refusedDeliveryError(reason);
    if (error === null) return this.sent(business, msg, generation);
    this.fail(business, msg, generation, error);
  }

  private fail(business: Business, msg: MessageRow, generation: number, error: StatusError): void {
    this.rt.guard(generation);
    this.rt.db.transaction(() => {
      this.rt.stmt("UPDATE messages SET status = 'failed' WHERE id = ?").run(msg.id);
      forgetEnvelope(this.rt, msg.id);
      this.outbox.enqueue(
        business,
        statusWebhook(
          business,
          {
            id: msg.id,
            status: 'failed',
            timestampSeconds: this.rt.nowSeconds(),
            recipient: msg.consumer,
            errors: this.rt.seams.failedStatusErrors(error),
            ...opaqueDataFor(this.rt, msg.id, 'failed'),
          },
          this.rt.seams.webhookTimestamp,
        ),
      );
    })();
  }
}
