import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphError, invalid, missing } from './graph-errors.ts';
import type { Runtime } from './runtime.ts';
import type { Business } from './types.ts';
import type { InboundMedia } from './inbound-media.ts';

// Media (docs/cloud-api-rules.md#media): multipart upload, metadata with a download URL
// that lives 5 minutes of virtual time and needs the bearer token, delete.
// Uploads are bounded by the reference's 1 MiB body limit.

const LIMITS: Record<string, number> = {
  'image/jpeg': 5 << 20, 'image/png': 5 << 20,
  'audio/aac': 16 << 20, 'audio/amr': 16 << 20, 'audio/mpeg': 16 << 20, 'audio/mp4': 16 << 20, 'audio/ogg': 16 << 20,
  'video/mp4': 16 << 20, 'video/3gpp': 16 << 20,
  'image/webp': 100 << 10,
  'application/pdf': 100 << 20, 'text/plain': 100 << 20,
};

interface Part {
  name: string;
  contentType?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body (also read for form-encoded sends: form-body.ts). */
export function parts(req: Pick<IncomingMessage, 'headers'>, raw: Buffer): Part[] {
  const m = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '');
  if (!m) throw new GraphError(100, 'The upload must be multipart/form-data.');
  const sep = Buffer.from(`--${m[1]}`);
  const out: Part[] = [];
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const start = at + sep.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(sep, start);
    if (next < 0) break;
    const chunk = raw.subarray(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) throw new GraphError(100, 'A multipart part has no header block.');
    const headers = chunk.subarray(0, split).toString('latin1');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) out.push({ name, contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase(), data: chunk.subarray(split + 4) });
    at = next;
  }
  return out;
}

export class Media {
  constructor(
    private readonly rt: Runtime,
    /** Media ids received in webhooks (inbound-media.ts): served like uploads, for 7 days. */
    private readonly inbound: InboundMedia,
  ) {}

  upload(business: Business, req: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const form = parts(req, raw);
    const field = (n: string) => form.find((p) => p.name === n);
    // messaging_product may also come as a query parameter, as any Graph parameter (docs/cloud-api-rules.md#media-endpoints).
    const product = field('messaging_product')?.data.toString() ?? this.rt.seams.uploadProductFromQuery(new URL(req.url ?? '/', 'http://reference.invalid').searchParams.get('messaging_product')) ?? undefined;
    if (product === undefined) throw missing('messaging_product');
    if (product !== 'whatsapp') throw invalid('messaging_product', 'must be "whatsapp".');
    const file = field('file');
    if (!file) throw missing('file');
    const mime = (field('type')?.data.toString() ?? file.contentType ?? '').trim().toLowerCase();
    if (mime === '') throw missing('type');
    const documented = LIMITS[mime];
    if (documented === undefined) throw new GraphError(131053, `Media upload error: unsupported MIME type ${mime}.`);
    const limit = this.rt.seams.mediaSizeLimit(documented);
    if (file.data.length === 0 || file.data.length > limit) throw new GraphError(131053, `Media upload error: ${mime} must be 1 to ${limit} bytes (got ${file.data.length}).`);
    const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 10n ** 15n);
    // The digest of short content gives the content away: sealed like the bytes.
    const digest = this.rt.seal(business.phone_number_id, Buffer.from(createHash('sha256').update(file.data).digest('hex'))).toString('base64');
    this.rt
      .stmt('INSERT INTO media (id, business, mime, sha256, bytes, created_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, business.phone_number_id, mime, digest, this.rt.seal(business.phone_number_id, file.data), this.rt.now());
    return { id };
  }

  private row(business: Business, id: string): { id: string; mime: string; sha256: string; bytes: Buffer } {
    const stored = this.rt.stmt('SELECT id, business, mime, sha256, bytes, created_ms FROM media WHERE id = ?').get(id) as
      | { id: string; business: string; mime: string; sha256: string; bytes: Buffer; created_ms: number }
      | undefined;
    const found = stored && this.rt.seams.mediaVisibleTo(stored.business, business.phone_number_id) ? stored : undefined;
    // Refused the moment the limit passes, whenever the sweeper gets to it (PROTOCOL §12).
    const live = found && (!this.rt.seams.mediaExpires() || this.rt.seams.retained(this.rt.now() - found.created_ms));
    const row = live ? { ...found, sha256: this.rt.open(Buffer.from(found.sha256, 'base64')).toString('utf8'), bytes: this.rt.open(found.bytes) } : found ? undefined : this.inbound.row(business, id);
    if (!row) throw new GraphError(100, `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
    return row;
  }

  /**
   * `?phone_number_id=` on GET or DELETE /{media-id}: the action is only
   * performed if the media belongs to that number (Meta's OpenAPI
   * description, operations retrieveMediaUrl, deleteMedia).
   */
  requireNumber(business: Business, id: string, requested: string | null): void {
    if (requested === null || this.rt.seams.mediaOfNumber(business.phone_number_id, requested)) return;
    throw new GraphError(100, `Unsupported request. Object with ID '${id}' does not belong to phone number id ${requested}.`);
  }

  metadata(business: Business, id: string, origin: string): Record<string, unknown> {
    const row = this.row(business, id);
    const nonce = randomBytes(16).toString('base64url');
    this.rt.stmt('INSERT INTO media_urls (nonce, media, issued_ms) VALUES (?, ?, ?)').run(nonce, id, this.rt.now());
    return { messaging_product: 'whatsapp', url: `${origin}/media-download/${id}/${nonce}`, mime_type: row.mime, sha256: row.sha256, file_size: row.bytes.length, id };
  }

  delete(business: Business, id: string): Record<string, unknown> {
    this.row(business, id);
    if (!this.rt.seams.mediaDeleteRemoves()) return { success: true };
    this.inbound.delete(business, id);
    this.rt.stmt('DELETE FROM media WHERE id = ?').run(id);
    this.rt.stmt('DELETE FROM media_urls WHERE media = ?').run(id);
    return { success: true };
  }

  /** When media `id` was uploaded, or received from a consumer. */
  private storedAt(id: string): number | undefined {
    const row = (this.rt.stmt('SELECT created_ms AS t FROM media WHERE id = ?').get(id) ?? this.rt.stmt('SELECT received_ms AS t FROM inbound_media WHERE id = ?').get(id)) as { t: number } | undefined;
    return row?.t;
  }

  /** The bytes behind a download URL, for the owner's token, while the URL lives. */
  download(business: Business, id: string, nonce: string): { mime: string; bytes: Buffer } {
    const url = this.rt.stmt('SELECT issued_ms FROM media_urls WHERE nonce = ? AND media = ?').get(nonce, id) as { issued_ms: number } | undefined;
    if (!url || !this.rt.seams.mediaUrlLive(url.issued_ms, this.rt.now(), this.storedAt(id) ?? url.issued_ms)) throw new GraphError(100, 'The media URL has expired or does not exist: GET the media id again.');
    const row = this.row(business, id);
    return { mime: row.mime, bytes: row.bytes };
  }
}
