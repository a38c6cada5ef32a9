import {
  CiphertextMessageType,
  ErrorCode,
  LibSignalErrorBase,
  PreKeySignalMessage,
  SignalMessage,
  signalDecrypt,
  signalDecryptPreKey,
} from '@signalapp/libsignal-client';
import { ReferenceFailure } from './errors.ts';
import { isObject, type JsonObject } from './http.ts';
import { forgetEnvelope, newWamid, sessionKey } from './outbound.ts';
import type { Outbox } from './outbox.ts';
import type { Runtime } from './runtime.ts';
import { bytes, HeldWrites, remoteAddress, storesFor } from './signal-store.ts';
import { identityKeyHash } from './identity.ts';
import type { Business, Envelope, OutboundStatus, ReceiptType, StatusName } from './types.ts';
import { identityChangedWebhook, messageWebhook, statusesWebhook, type StatusUpdate } from './webhooks.ts';
import { opaqueDataFor } from './opaque-data.ts';
import { MEDIA_TYPES, withoutMediaKey, type InboundMedia } from './inbound-media.ts';
import type { Telemetry } from './telemetry.ts';
import { rememberSimulated } from './simulated-consumers.ts';

/** What a consumer sent, as the business is to hear of it, however it reached the target. */
interface Received {
  id: string;
  from: string;
  /** The name on contacts[0].profile; the transport carries none (webhooks.ts). */
  profileName?: string;
  timestamp: number;
  /** The webhook's `messages[0]`, without `from`. */
  message: Record<string, unknown>;
  /** What is kept at rest as the message's content. */
  stored: Uint8Array;
}

interface EnvelopeRow {
  id: string;
  sender: string;
  type: number;
  body: Buffer;
  timestamp: number;
}

export interface Receipt {
  type: ReceiptType;
  from: string;
  to: string;
  message_ids: string[];
  timestamp: number;
}

/** Why an inbound envelope was acknowledged but not forwarded (or a simulated message refused). */
export class Rejected extends Error {
  override name = 'Rejected';
}

/**
 * Consumer → business: envelopes are recorded (that is the dedupe), then
 * decrypted on the session's queue and forwarded as a `messages` webhook.
 */
export class Inbound {
  constructor(
    private readonly rt: Runtime,
    private readonly outbox: Outbox,
    private readonly telemetry: Telemetry,
    /** Files consumers send by media id (graph.media.inbound). */
    private readonly media: InboundMedia,
  ) {}

  business(display: string): Business | undefined {
    return this.rt.businesses().find((b) => b.display_phone_number === display);
  }

  /** false when the envelope id was seen before (acknowledged, never forwarded again). */
  accept(business: Business, e: Envelope): boolean {
    const who = this.rt.consumerAtRest(business.phone_number_id, e.from);
    const added = this.rt
      .stmt("INSERT OR IGNORE INTO inbound_envelopes (id, business, sender, sender_sealed, type, body, timestamp, state, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)")
      .run(e.id, business.phone_number_id, who.token, who.sealed, e.type, Buffer.from(e.body, 'base64'), e.timestamp, this.rt.now()).changes;
    if (added === 0) {
      if (this.rt.seams.replayedInbound() === 'forward-again') this.forwardAgain(business, e.id, e.id);
      return false;
    }
    this.schedule(business, e.id, e.from);
    return true;
  }

  /** After a restart: envelopes accepted but not yet processed. */
  resume(): void {
    const rows = this.rt
      .stmt("SELECT e.id AS envelope_id, e.sender_sealed, b.* FROM inbound_envelopes e JOIN businesses b ON b.phone_number_id = e.business WHERE e.state = 'pending' ORDER BY e.rowid")
      .all() as (Business & { envelope_id: string; sender_sealed: Buffer })[];
    for (const r of rows) this.schedule(r, r.envelope_id, this.rt.open(r.sender_sealed).toString('utf8'));
  }

  private schedule(business: Business, id: string, sender: string): void {
    const generation = this.rt.generation;
    this.rt.sessions
      .run(this.rt.seams.signalQueueKey(sessionKey(business, sender), id), () => this.process(business, id, generation))
      .catch((e: unknown) => {
        if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') return;
        process.emitWarning(`inbound ${id} not processed: ${(e as Error).message}`);
      });
  }

  private async process(business: Business, id: string, generation: number): Promise<void> {
    this.rt.guard(generation);
    const stored = this.rt.stmt("SELECT id, sender_sealed, type, body, timestamp FROM inbound_envelopes WHERE id = ? AND state = 'pending'").get(id) as
      | (Omit<EnvelopeRow, 'sender'> & { sender_sealed: Buffer })
      | undefined;
    if (!stored) return;
    const row: EnvelopeRow = { id: stored.id, sender: this.rt.open(stored.sender_sealed).toString('utf8'), type: stored.type, body: stored.body, timestamp: stored.timestamp };
    // The decrypt's store writes commit with the outcome (forwarded or rejected), never before it.
    const held = this.rt.seams.inboundWritesCommitTogether() ? new HeldWrites(this.rt, business.phone_number_id) : undefined;
    const commit = (also: () => void): void => (held ? held.commit(also) : this.rt.db.transaction(also)());
    let message: Record<string, unknown>;
    let plaintext: Uint8Array;
    try {
      let identityChange: Uint8Array | null;
      try {
        ({ plaintext, identityChange } = await this.decrypt(business, row, generation, held));
        const content = parseContent(plaintext);
        message = this.toWebhookMessage(business, row, content);
        // The business can download what the consumer sent once it hears of it.
        if (MEDIA_TYPES.has(content.type)) await this.media.receive(business, content);
      } catch (e) {
        if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') throw e;
        this.rt.guard(generation);
        commit(() => this.rt.stmt("UPDATE inbound_envelopes SET state = 'rejected', reason = ? WHERE id = ?").run((e as Error).message, id));
        this.rejected(business, row, e);
        return;
      }
      this.rt.guard(generation);
      this.forward(business, { id, from: row.sender, timestamp: row.timestamp, message, stored: plaintext }, commit, () => {
        // The business hears of the new identity before the message sent under it.
        if (identityChange) this.outbox.enqueue(business, identityChangedWebhook(business, row.sender, newWamid(), row.timestamp, identityKeyHash(identityChange)));
        this.rt.stmt("UPDATE inbound_envelopes SET state = 'forwarded' WHERE id = ?").run(id);
      });
    } finally {
      held?.release();
    }
  }

  /**
   * A consumer's message handed over on the control plane (PROTOCOL §14):
   * `message` is the webhook's message object as it is to appear, so it
   * joins the envelope's path where decryption ends. Returns the id the
   * webhook carries. An id seen before is answered and not forwarded again,
   * as a replayed envelope is; unusable content throws Rejected.
   */
  simulated(business: Business, from: string, profileName: string | undefined, message: ContentObject): string {
    // `from` and `timestamp` are the target's to set; every other member is kept as given.
    const { id: given, from: _from, timestamp: _timestamp, ...members } = message;
    const id = typeof given === 'string' && given !== '' ? given : newWamid();
    if (this.rt.stmt('SELECT 1 FROM messages WHERE id = ?').get(id)) return id;
    const timestamp = this.rt.nowSeconds();
    const webhook = this.webhookMessage(id, timestamp, members as ContentObject);
    const stored = Buffer.from(JSON.stringify(members));
    this.forward(business, { id, from, profileName, timestamp, message: webhook, stored }, (also) => this.rt.db.transaction(also)(), () =>
      rememberSimulated(this.rt, business.phone_number_id, from),
    );
    return id;
  }

  /**
   * From here on a consumer's message is the same whichever way it came: it
   * is stored (sealed), its webhook queued in one commit with `alongside`,
   * and it counts for telemetry. `commit` commits a write together with what
   * the caller holds (a decrypt's store writes).
   */
  private forward(business: Business, r: Received, commit: (also: () => void) => void, alongside: () => void): void {
    const who = this.rt.consumerAtRest(business.phone_number_id, r.from);
    commit(() => {
      alongside();
      this.rt
        .stmt("INSERT OR IGNORE INTO messages (id, business, consumer, consumer_sealed, direction, status, content, timestamp_ms) VALUES (?, ?, ?, ?, 'in', 'received', ?, ?)")
        .run(r.id, business.phone_number_id, who.token, who.sealed, this.rt.seal(business.phone_number_id, r.stored), r.timestamp * 1000);
      for (const payload of this.rt.seams.forwardInbound(messageWebhook(business, r.from, r.message, r.profileName))) {
        this.outbox.enqueue(business, payload);
      }
    });
    const text = (r.message.text as { body?: unknown } | undefined)?.body;
    this.telemetry.message(business, 'received', { id: r.id, consumer: r.from, content: typeof text === 'string' ? text : '', timestampMs: r.timestamp * 1000 });
  }

  /**
   * What the reference does with an envelope it could not use: nothing,
   * unless a fault says otherwise (a replay re-forwarded, garbage forwarded).
   */
  private rejected(business: Business, row: EnvelopeRow, e: unknown): void {
    if (this.rt.seams.replayedInbound() === 'forward-again') {
      const earlier = this.rt
        .stmt("SELECT id FROM inbound_envelopes WHERE business = ? AND body = ? AND id != ? AND state = 'forwarded' ORDER BY rowid LIMIT 1")
        .get(business.phone_number_id, row.body, row.id) as { id: string } | undefined;
      if (earlier) return this.forwardAgain(business, earlier.id, row.id);
    }
    const standIn = this.rt.seams.undecryptableInbound();
    if (standIn === null || (e instanceof LibSignalErrorBase && e.code === ErrorCode.DuplicatedMessage)) return;
    const type = String(standIn.type);
    this.outbox.enqueue(business, messageWebhook(business, row.sender, { id: row.id, timestamp: String(row.timestamp), type, [type]: standIn[type] }));
  }

  /** Forwards the stored plaintext of message `storedId` again under `asId` (only faults do this). */
  private forwardAgain(business: Business, storedId: string, asId: string): void {
    const stored = this.rt.stmt("SELECT consumer_sealed, content, timestamp_ms FROM messages WHERE id = ? AND direction = 'in'").get(storedId) as
      | { consumer_sealed: Buffer; content: Buffer; timestamp_ms: number }
      | undefined;
    if (!stored) return;
    const msg = { consumer: this.rt.open(stored.consumer_sealed).toString('utf8'), content: this.rt.open(stored.content), timestamp_ms: stored.timestamp_ms };
    const row: EnvelopeRow = { id: asId, sender: msg.consumer, type: 0, body: Buffer.alloc(0), timestamp: Math.floor(msg.timestamp_ms / 1000) };
    this.outbox.enqueue(business, messageWebhook(business, msg.consumer, this.toWebhookMessage(business, row, parseContent(msg.content))));
  }

  /** Only a fault calls this: refuses a message older than the newest seen, as naive replay protection would. */
  private inOrderOnly(business: Business, row: EnvelopeRow): void {
    const counter = SignalMessage.deserialize(bytes(row.body)).counter();
    const key = `newest_counter|${business.phone_number_id}|${row.sender}`;
    const newest = Number(this.rt.meta(key) ?? -1);
    if (counter < newest) throw new Rejected(`message counter ${counter} is older than ${newest}`);
    this.rt.setMeta(key, String(counter));
  }

  /**
   * Decrypts on the session's queue. `identityChange` is the consumer's new
   * identity key when this PreKey message replaced one we knew.
   */
  private async decrypt(business: Business, row: EnvelopeRow, generation: number, held: HeldWrites | undefined): Promise<{ plaintext: Uint8Array; identityChange: Uint8Array | null }> {
    const s = storesFor(this.rt, business, generation, held);
    const remote = remoteAddress(row.sender);
    if (row.type === CiphertextMessageType.PreKey) {
      const msg = PreKeySignalMessage.deserialize(bytes(row.body));
      const before = await s.identities.getIdentity(remote);
      const plaintext = await signalDecryptPreKey(msg, remote, s.local, s.sessions, s.identities, s.prekeys, s.signedPrekeys, s.kyberPrekeys);
      const after = await s.identities.getIdentity(remote);
      const changed = before !== null && after !== null && this.rt.seams.noticeIdentityChange(before.serialize(), after.serialize());
      return { plaintext, identityChange: changed ? after.serialize() : null };
    }
    if (row.type === CiphertextMessageType.Whisper) {
      if (this.rt.seams.inboundInOrderOnly()) this.inOrderOnly(business, row);
      return { plaintext: await signalDecrypt(SignalMessage.deserialize(bytes(row.body)), remote, s.local, s.sessions, s.identities), identityChange: null };
    }
    throw new Rejected(`envelope type ${row.type} is neither PreKey (3) nor Whisper (2)`);
  }

  /** The webhook `messages[0]` for a decrypted content object (PROTOCOL §7, §8). */
  private toWebhookMessage(business: Business, row: EnvelopeRow, content: ContentObject): Record<string, unknown> {
    const type = content.type;
    const members: ContentObject = { type, [type]: withoutMediaKey(type, content[type]) };
    if (isObject(content.context) && typeof content.context.message_id === 'string') {
      members.context = { from: business.display_phone_number, id: content.context.message_id };
    }
    return this.webhookMessage(row.id, row.timestamp, members);
  }

  /**
   * The webhook `messages[0]` (without `from`): what the consumer sent
   * (`type`, its object, `context`, …) under its id and time, a text as the
   * business is to read it.
   */
  private webhookMessage(id: string, timestampSeconds: number, members: ContentObject): Record<string, unknown> {
    const type = members.type;
    let payload = members[type];
    if (type === 'text') {
      if (!isObject(payload) || typeof payload.body !== 'string') throw new Rejected('text content without a string body');
      payload = { ...payload, body: this.rt.seams.inboundText(payload.body) };
    }
    return { id, timestamp: this.rt.seams.webhookTimestamp(timestampSeconds), ...members, [type]: payload };
  }

  /** Status webhooks for a receipt; only ids this business sent to that consumer count. */
  receipt(business: Business, r: Receipt): void {
    // A `sent` still waiting for its group commit goes first: the receipt reads and moves that status.
    this.rt.commitDeferred();
    this.rt.db.transaction(() => {
      // One webhook per status for the whole receipt (batched like Cloud API), in first-seen order.
      const batches = new Map<StatusName, StatusUpdate[]>();
      for (const id of r.message_ids) {
        const msg = this.rt
          .stmt("SELECT status FROM messages WHERE id = ? AND business = ? AND consumer = ? AND direction = 'out'")
          .get(id, business.phone_number_id, this.rt.token(business.phone_number_id, r.from)) as { status: OutboundStatus } | undefined;
        if (!msg) continue;
        let statuses = this.rt.seams.statusesForReceipt(r.type, msg.status);
        if (statuses.length === 0) continue;
        // Still pending: the target crashed after the transport took the envelope and before it
        // stored `sent`. The consumer has it, so it was sent: the business hears so first.
        if (msg.status === 'pending') {
          forgetEnvelope(this.rt, id);
          statuses = this.rt.seams.receiptOnUnsent(statuses);
        }
        this.rt.stmt('UPDATE messages SET status = ? WHERE id = ?').run(r.type, id);
        for (const status of statuses) {
          const batch = batches.get(status) ?? [];
          batch.push({ id, status, timestampSeconds: r.timestamp, recipient: r.from, ...opaqueDataFor(this.rt, id, status) });
          batches.set(status, batch);
        }
      }
      for (const updates of batches.values()) this.outbox.enqueue(business, statusesWebhook(business, updates, this.rt.seams.webhookTimestamp));
    })();
  }
}

export type ContentObject = JsonObject & { type: string };

/** A decrypted plaintext as the content object it must be (PROTOCOL §7). */
function parseContent(plaintext: Uint8Array): ContentObject {
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(plaintext).toString('utf8'));
  } catch {
    throw new Rejected('plaintext is not JSON');
  }
  if (!isObject(content) || typeof content.type !== 'string' || content.type === '' || !(content.type in content)) {
    throw new Rejected('plaintext is not a content object with a type');
  }
  return content as ContentObject;
}
