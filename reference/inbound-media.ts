import { createHash } from 'node:crypto';
import { Aes256GcmSiv } from '@signalapp/libsignal-client';
import { isObject } from './http.ts';
import type { Runtime } from './runtime.ts';
import type { TransportClient } from './transport-client.ts';
import type { Business } from './types.ts';

// Media a consumer sends (capability graph.media.inbound, PROTOCOL §4.2, §7):
// the Signal message names a file in the transport's media store and carries
// the key it is encrypted with (`media_key`). Before forwarding the message
// the reference fetches the file, decrypts it with libsignal's AES-256-GCM-SIV,
// checks it against `sha256` and keeps it sealed under the number's region
// key; the webhook names it by the same id, without the key. The business
// downloads it through GET /{media-id} for 7 days (docs/cloud-api-rules.md#media-lifetimes); the
// sweeper removes the bytes at 7 days, and at 30 at the latest.

export const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);
const NONCE_BYTES = 12;

export interface InboundMediaRow {
  id: string;
  mime: string;
  sha256: string;
  bytes: Buffer;
}

export class InboundMedia {
  constructor(
    private readonly rt: Runtime,
    private readonly transport: TransportClient,
  ) {}

  /**
   * Fetches and keeps the file a content object's media names, when it
   * carries a key. A file that cannot be fetched or does not match its
   * digest is not kept: its id then does not work.
   */
  async receive(business: Business, content: Record<string, unknown>): Promise<void> {
    const type = content.type;
    const payload = typeof type === 'string' && MEDIA_TYPES.has(type) ? content[type] : undefined;
    if (!isObject(payload)) return;
    const { media_key: key, id, mime_type: mime, sha256 } = payload;
    if (typeof key !== 'string' || typeof id !== 'string' || typeof mime !== 'string' || typeof sha256 !== 'string') return;
    // An unreachable store is a file not fetched: the message is forwarded all the same.
    const file = await this.transport.getMedia(id).catch(() => null);
    const bytes = file === null ? null : decrypt(Buffer.from(key, 'base64'), file);
    if (bytes === null || createHash('sha256').update(bytes).digest('base64') !== sha256) return;
    const at = business.phone_number_id;
    this.rt
      .stmt('INSERT OR REPLACE INTO inbound_media (business, id, mime, sha256, bytes, received_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(at, id, mime, this.rt.seal(at, Buffer.from(sha256)), this.rt.seal(at, bytes), this.rt.now());
  }

  /** The file behind a media id the business received, while its 7 days last; undefined otherwise. */
  row(business: Business, id: string): InboundMediaRow | undefined {
    const rows = this.rt.stmt('SELECT business, mime, sha256, bytes, received_ms FROM inbound_media WHERE id = ?').all(id) as
      { business: string; mime: string; sha256: Buffer; bytes: Buffer; received_ms: number }[];
    const found = rows.find((r) => this.rt.seams.inboundMediaVisibleTo(r.business, business.phone_number_id));
    if (!found || !live(this.rt, found.received_ms)) return undefined;
    if (this.rt.seams.inboundMediaRenewedOnRead()) this.rt.stmt('UPDATE inbound_media SET received_ms = ? WHERE business = ? AND id = ?').run(this.rt.now(), found.business, id);
    return { id, mime: found.mime, sha256: this.rt.open(found.sha256).toString('utf8'), bytes: this.rt.open(found.bytes) };
  }

  delete(business: Business, id: string): void {
    this.rt.stmt('DELETE FROM inbound_media WHERE business = ? AND id = ?').run(business.phone_number_id, id);
  }
}

/** Whether a file received at `receivedMs` may still be read: its id lasts 7 days, nothing lasts past retention. */
function live(rt: Runtime, receivedMs: number): boolean {
  const age = rt.now() - receivedMs;
  return rt.seams.inboundMediaLive(age) && rt.seams.retained(age);
}

/** The sweeper's part (retention.ts): files whose id expired go, so nothing of them lasts 30 days. */
export function sweepInboundMedia(rt: Runtime): void {
  for (const m of rt.stmt('SELECT business, id, received_ms FROM inbound_media').all() as { business: string; id: string; received_ms: number }[]) {
    if (live(rt, m.received_ms)) continue;
    rt.stmt('DELETE FROM inbound_media WHERE business = ? AND id = ?').run(m.business, m.id);
    rt.stmt('DELETE FROM media_urls WHERE media = ?').run(m.id);
  }
}

/** Removes `media_key` from a forwarded media object: the key is for the target, never the business. */
export function withoutMediaKey(type: string, payload: unknown): unknown {
  if (!MEDIA_TYPES.has(type) || !isObject(payload) || !('media_key' in payload)) return payload;
  const { media_key: _key, ...rest } = payload;
  return rest;
}

/** `nonce (12 bytes) | AES-256-GCM-SIV ciphertext and tag`, empty associated data; null when it does not open. */
function decrypt(key: Buffer, file: Buffer): Buffer | null {
  if (key.length !== 32 || file.length <= NONCE_BYTES) return null;
  try {
    const plain = Aes256GcmSiv.new(new Uint8Array(key)).decrypt(new Uint8Array(file.subarray(NONCE_BYTES)), new Uint8Array(file.subarray(0, NONCE_BYTES)), new Uint8Array(0));
    return Buffer.from(plain);
  } catch {
    return null;
  }
}
