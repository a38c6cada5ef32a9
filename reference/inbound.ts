import {
  CiphertextMessageType,
  PreKeySignalMessage,
  SignalMessage,
  signalDecrypt,
  signalDecryptPreKey,
} from '@signalapp/libsignal-client';
import { ReferenceFailure } from './errors.ts';
import { isObject } from './http.ts';
import { sessionKey } from './outbound.ts';
import type { Outbox } from './outbox.ts';
import type { Runtime } from './runtime.ts';
import { bytes, remoteAddress, storesFor } from './signal-store.ts';
import type { Business, Envelope, OutboundStatus, ReceiptType } from './types.ts';
import { messageWebhook, statusWebhook } from './webhooks.ts';
import type { Telemetry } from './telemetry.ts';

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

/** Why an inbound envelope was acknowledged but not forwarded. */
class Rejected extends Error {
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
  ) {}

  business(display: string): Business | undefined {
    return this.rt.stmt('SELECT * FROM businesses WHERE display_phone_number = ?').get(display) as Business | undefined;
  }

  /** false when the envelope id was seen before (acknowledged, never forwarded again). */
  accept(business: Business, e: Envelope): boolean {
    const added = this.rt
      .stmt("INSERT OR IGNORE INTO inbound_envelopes (id, business, sender, type, body, timestamp, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')")
      .run(e.id, business.phone_number_id, e.from, e.type, Buffer.from(e.body, 'base64'), e.timestamp).changes;
    if (added === 0) return false;
    this.schedule(business, e.id, e.from);
    return true;
  }

  /** After a restart: envelopes accepted but not yet processed. */
  resume(): void {
    const rows = this.rt
      .stmt("SELECT e.id AS envelope_id, e.sender, b.* FROM inbound_envelopes e JOIN businesses b ON b.phone_number_id = e.business WHERE e.state = 'pending' ORDER BY e.rowid")
      .all() as (Business & { envelope_id: string; sender: string })[];
    for (const r of rows) this.schedule(r, r.envelope_id, r.sender);
  }

  private schedule(business: Business, id: string, sender: string): void {
    const generation = this.rt.generation;
    this.rt.sessions
      .run(sessionKey(business, sender), () => this.process(business, id, generation))
      .catch((e: unknown) => {
        if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') return;
        process.emitWarning(`inbound ${id} not processed: ${(e as Error).message}`);
      });
  }

  private async process(business: Business, id: string, generation: number): Promise<void> {
    this.rt.guard(generation);
    const row = this.rt.stmt("SELECT id, sender, type, body, timestamp FROM inbound_envelopes WHERE id = ? AND state = 'pending'").get(id) as
      | EnvelopeRow
      | undefined;
    if (!row) return;
    let message: Record<string, unknown>;
    let plaintext: Uint8Array;
    try {
      plaintext = await this.decrypt(business, row, generation);
      message = this.toWebhookMessage(business, row, plaintext);
    } catch (e) {
      if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') throw e;
      this.rt.guard(generation);
      this.rt.stmt("UPDATE inbound_envelopes SET state = 'rejected', reason = ? WHERE id = ?").run((e as Error).message, id);
      return;
    }
    this.rt.guard(generation);
    this.rt.db.transaction(() => {
      this.rt
        .stmt("INSERT OR IGNORE INTO messages (id, business, consumer, direction, status, content, timestamp_ms) VALUES (?, ?, ?, 'in', 'received', ?, ?)")
        .run(id, business.phone_number_id, row.sender, Buffer.from(plaintext), row.timestamp * 1000);
      this.rt.stmt("UPDATE inbound_envelopes SET state = 'forwarded' WHERE id = ?").run(id);
      for (const payload of this.rt.seams.forwardInbound(messageWebhook(business, row.sender, message))) {
        this.outbox.enqueue(business, payload);
      }
    })();
    const text = (message.text as { body?: unknown } | undefined)?.body;
    this.telemetry.message(business, 'received', { id, consumer: row.sender, content: typeof text === 'string' ? text : '', timestampMs: row.timestamp * 1000 });
  }

  private async decrypt(business: Business, row: EnvelopeRow, generation: number): Promise<Uint8Array> {
    const s = storesFor(this.rt, business, generation);
    const remote = remoteAddress(row.sender);
    if (row.type === CiphertextMessageType.PreKey) {
      const msg = PreKeySignalMessage.deserialize(bytes(row.body));
      return signalDecryptPreKey(msg, remote, s.local, s.sessions, s.identities, s.prekeys, s.signedPrekeys, s.kyberPrekeys);
    }
    if (row.type === CiphertextMessageType.Whisper) {
      return signalDecrypt(SignalMessage.deserialize(bytes(row.body)), remote, s.local, s.sessions, s.identities);
    }
    throw new Rejected(`envelope type ${row.type} is neither PreKey (3) nor Whisper (2)`);
  }

  /** The webhook `messages[0]` for a decrypted content object (PROTOCOL §7, §8). */
  private toWebhookMessage(business: Business, row: EnvelopeRow, plaintext: Uint8Array): Record<string, unknown> {
    let content: unknown;
    try {
      content = JSON.parse(Buffer.from(plaintext).toString('utf8'));
    } catch {
      throw new Rejected('plaintext is not JSON');
    }
    if (!isObject(content) || typeof content.type !== 'string' || content.type === '' || !(content.type in content)) {
      throw new Rejected('plaintext is not a content object with a type');
    }
    const type = content.type;
    let payload = content[type];
    if (type === 'text') {
      if (!isObject(payload) || typeof payload.body !== 'string') throw new Rejected('text content without a string body');
      payload = { ...payload, body: this.rt.seams.inboundText(payload.body) };
    }
    const message: Record<string, unknown> = { id: row.id, timestamp: this.rt.seams.webhookTimestamp(row.timestamp), type, [type]: payload };
    if (isObject(content.context) && typeof content.context.message_id === 'string') {
      message.context = { from: business.display_phone_number, id: content.context.message_id };
    }
    return message;
  }

  /** Status webhooks for a receipt; only ids this business sent to that consumer count. */
  receipt(business: Business, r: Receipt): void {
    this.rt.db.transaction(() => {
      for (const id of r.message_ids) {
        const msg = this.rt
          .stmt("SELECT status FROM messages WHERE id = ? AND business = ? AND consumer = ? AND direction = 'out'")
          .get(id, business.phone_number_id, r.from) as { status: OutboundStatus } | undefined;
        if (!msg) continue;
        const statuses = this.rt.seams.statusesForReceipt(r.type, msg.status);
        if (statuses.length === 0) continue;
        this.rt.stmt('UPDATE messages SET status = ? WHERE id = ?').run(r.type, id);
        for (const status of statuses) {
          this.outbox.enqueue(business, statusWebhook(business, { id, status, timestampSeconds: r.timestamp, recipient: r.from }, this.rt.seams.webhookTimestamp));
        }
      }
    })();
  }
}
