import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphError, invalid, missing } from './graph-errors.ts';
import { BodyTooLarge, bearer, isObject, readBody, sendJson, type JsonObject } from './http.ts';
import { identityKeyHash } from './identity.ts';
import { formBody } from './form-body.ts';
import { Media } from './media.ts';
import { messageObject } from './message-content.ts';
import { REGION_LIST, StorageSettings } from './storage-settings.ts';
import type { InboundMedia } from './inbound-media.ts';
import type { Outbound } from './outbound.ts';
import type { Runtime } from './runtime.ts';
import type { TransportClient } from './transport-client.ts';
import type { Business, Content } from './types.ts';
import { WINDOW_MS } from './durations.ts';
import { isSimulated } from './simulated-consumers.ts';

// The Graph API surface: POST /{version}/{phone-number-id}/messages for every
// outbound type, mark-as-read and typing (docs/cloud-api-rules.md#sending-messages).
const MESSAGES_PATH = /^\/([^/]+)\/([^/]+)\/(messages|register|deregister|block_users|settings)\/?$/;
const PIN = /^[0-9]{6}$/;
const VERSION = /^v[0-9]+\.[0-9]+$/;
const PHONE_NUMBER_ID = /^[0-9]{1,32}$/;
const TO = /^\+?[0-9]{7,15}$/;
// biz_opaque_callback_data: "Maximum 512 characters" (docs/cloud-api-rules.md#tracking-data).
const OPAQUE_DATA_MAX = 512;

/**
 * GET /{version}/{phone-number-id}: the phone number's fields this
 * implementation knows (no verified name or quality rating: provisioning
 * gives none), or those `?fields=` names among them; `id` always.
 */
function phoneNumberNode(b: Business, req: IncomingMessage, answered: (fields: JsonObject) => JsonObject): JsonObject {
  const known = answered({ display_phone_number: b.display_phone_number, platform_type: 'CLOUD_API', id: b.phone_number_id });
  const asked = new URL(req.url ?? '/', 'http://reference.invalid').searchParams.get('fields');
  if (!asked) return known;
  const wanted = new Set(asked.split(',').map((f) => f.trim()));
  return Object.fromEntries(Object.entries(known).filter(([k]) => k === 'id' || wanted.has(k)));
}

export class GraphApi {
  constructor(
    private readonly rt: Runtime,
    private readonly outbound: Outbound,
    private readonly transport: TransportClient,
    inboundMedia: InboundMedia,
  ) {
    this.media = new Media(rt, inboundMedia);
    this.settings = new StorageSettings(rt);
  }

  private readonly media: Media;
  private readonly settings: StorageSettings;

  /** Media routes; false when `path` is none of them. */
  private async mediaRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const download = /^\/media-download\/([0-9]+)\/([A-Za-z0-9_-]+)$/.exec(path);
    if (download && req.method === 'GET') {
      const business = this.owner(req);
      const file = this.media.download(business, download[1], download[2]);
      res.writeHead(200, { 'content-type': file.mime, 'content-length': file.bytes.length });
      res.end(file.bytes);
      return true;
    }
    const upload = /^\/([^/]+)\/([^/]+)\/media\/?$/.exec(path);
    if (upload && req.method === 'POST') {
      const business = this.authenticate(req, decodeURIComponent(upload[2]));
      if (!VERSION.test(upload[1])) throw new GraphError(100, `Unknown path components: ${upload[1]} is not a Graph API version.`);
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) throw new GraphError(131053, 'Media upload error: the file is larger than this implementation accepts.');
        throw e;
      }
      sendJson(res, 200, this.media.upload(business, req, raw));
      return true;
    }
    const object = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/?$/.exec(path);
    // A Graph id names one node: a business phone number or a media object.
    if (object && req.method === 'GET' && this.rt.business(object[2])) {
      sendJson(res, 200, phoneNumberNode(this.authenticate(req, object[2]), req, (fields) => this.rt.seams.phoneNumberFields(fields) as JsonObject));
      return true;
    }
    if (object && (req.method === 'GET' || req.method === 'DELETE')) {
      const business = this.owner(req);
      this.media.requireNumber(business, object[2], new URL(req.url ?? '/', 'http://reference.invalid').searchParams.get('phone_number_id'));
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      sendJson(res, 200, req.method === 'GET' ? this.media.metadata(business, object[2], origin) : this.media.delete(business, object[2]));
      return true;
    }
    return false;
  }

  /**
   * The bearer token, else the `access_token` query parameter the Graph API
   * also takes (docs/cloud-api-rules.md#access-token-as-a-query-parameter).
   */
  private token(req: IncomingMessage): string | null {
    const header = bearer(req);
    if (header !== null) return header;
    const query = new URL(req.url ?? '/', 'http://reference.invalid').searchParams.get('access_token');
    return this.rt.seams.queryAccessToken(query);
  }

  /** The business whose token this is (401 otherwise). */
  private owner(req: IncomingMessage): Business {
    const token = this.token(req);
    if (token === null) throw new GraphError(0, 'An access token is required: send Authorization: Bearer <access token>.');
    const owner = token === '' ? undefined : this.rt.businesses().find((b) => b.access_token === token);
    if (!owner) throw new GraphError(190, 'The access token is malformed, expired or unknown.');
    return owner;
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (await this.mediaRoute(req, res, path)) return;
      const m = MESSAGES_PATH.exec(path);
      const reads = m?.[3] === 'settings' ? ['GET'] : m?.[3] === 'block_users' ? ['DELETE', 'GET'] : [];
      if (!m || (req.method !== 'POST' && !reads.includes(req.method ?? ''))) {
        throw this.rt.seams.unsupportedRequest(req.method ?? '', path);
      }
      const business = this.authenticate(req, decodeURIComponent(m[2]));
      if (!VERSION.test(m[1])) throw new GraphError(100, `Unknown path components: ${m[1]} is not a Graph API version.`);
      if (m[3] === 'block_users' && req.method === 'GET') return sendJson(res, 200, this.blocked(business));
      if (m[3] === 'settings' && req.method === 'GET') return sendJson(res, 200, this.settings.get(business));
      const body = await this.readJson(req);
      if (m[3] === 'block_users') return sendJson(res, 200, this.block(business, req.method === 'POST', body));
      if (m[3] === 'register') return sendJson(res, 200, this.register(business, body));
      if (m[3] === 'deregister') return sendJson(res, 200, this.deregister(business, body));
      if (m[3] === 'settings') return sendJson(res, 200, this.settings.post(business, body));
      sendJson(res, 200, body.status !== undefined ? await this.markRead(business, body) : this.send(business, body));
    } catch (e) {
      const err = this.rt.seams.answerError(e instanceof GraphError ? e : new GraphError(131000, (e as Error).message));
      sendJson(res, err.status, err.body());
    }
  }

  private authenticate(req: IncomingMessage, phoneNumberId: string): Business {
    const token = this.token(req);
    if (token === null) throw new GraphError(0, 'An access token is required: send Authorization: Bearer <access token>.');
    const owner = token === '' ? undefined : this.rt.businesses().find((b) => b.access_token === token);
    if (!owner) throw new GraphError(190, 'The access token is malformed, expired or unknown.');
    if (!PHONE_NUMBER_ID.test(phoneNumberId)) {
      throw new GraphError(100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
    }
    if (owner.phone_number_id === phoneNumberId) return owner;
    const other = this.rt.business(phoneNumberId);
    if (!other && this.rt.seams.unknownNumberServedAsOwn()) return owner;
    // A valid token used on a number it does not own: permission denied, nothing sent.
    if (other && this.rt.seams.tenantAllows(owner.phone_number_id, phoneNumberId)) return other;
    throw new GraphError(200, `The access token has no permission on phone number id ${phoneNumberId}.`);
  }

  private async readJson(req: IncomingMessage): Promise<JsonObject> {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) throw new GraphError(100, 'The request body is too large.');
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      // Not JSON: a form body the Content-Type names (docs/cloud-api-rules.md#request-body-forms), else unreadable.
      const form = formBody(req.headers['content-type'], raw);
      if (!form || !this.rt.seams.formBodyAccepted(form.kind)) throw this.rt.seams.unparseableBody(raw);
      parsed = form.fields;
    }
    if (!isObject(parsed)) throw new GraphError(100, 'The request body must be a JSON object.');
    return parsed;
  }

  private product(body: JsonObject): void {
    if (body.messaging_product === undefined) throw missing('messaging_product');
    if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product', 'must be "whatsapp".');
  }

  private send(business: Business, body: JsonObject): Record<string, unknown> {
    this.product(body);
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
      throw invalid('recipient_type', 'must be "individual".');
    }
    if (body.to === undefined) throw missing('to');
    const number = typeof body.to === 'string' ? this.rt.seams.recipientNumber(body.to) : null;
    if (number === null || !TO.test(number)) {
      throw invalid('to', 'must be a phone number: 7 to 15 digits with an optional leading "+" (spaces, hyphens and parentheses allowed).');
    }
    const to = body.to as string;
    const waId = number.replace(/^\+/, '');
    if (body.type === undefined) throw missing('type');
    if (typeof body.type !== 'string') throw invalid('type', 'must be a string.');
    const type = body.type;
    let object = messageObject(type, body, (t) => this.rt.seams.supportsType(t), (k) => this.rt.seams.supportsInteractive(k));
    if (type === 'template') this.templateParameters(object as { components?: unknown[] });
    if (type === 'text') {
      const text = object as { body: string; preview_url?: boolean };
      if (text.preview_url !== undefined && !this.rt.seams.previewUrlAccepted(text.preview_url)) throw invalid('text.preview_url', 'is not supported.');
      object = { ...text, body: this.rt.seams.outboundText(text.body) };
    }
    if (body.biz_opaque_callback_data !== undefined) {
      if (typeof body.biz_opaque_callback_data !== 'string' || [...body.biz_opaque_callback_data].length > this.rt.seams.opaqueDataLimit(OPAQUE_DATA_MAX)) {
        throw invalid('biz_opaque_callback_data', 'must be a string of at most 512 characters.');
      }
    }
    const context = this.context(body.context);
    if (waId === business.display_phone_number) throw new GraphError(131021, 'The recipient is the sending business number.');
    this.checkIdentity(business, waId, body.recipient_identity_key_hash);
    const blockers = this.rt.stmt('SELECT business FROM blocked_users WHERE consumer = ?').all(this.rt.token(business.phone_number_id, waId)) as { business: string }[];
    const blocked = blockers.some((b) => this.rt.seams.blockedFor(b.business, business.phone_number_id));
    if (this.rt.seams.blockStopsSend(blocked)) throw new GraphError(131026, 'The recipient is blocked by this business number: unblock them first.');
    if (type !== 'template') this.requireWindow(business, waId);
    const content: Content = this.rt.seams.outboundContent({ v: 0, type, [type]: object });
    if (context) content.context = context;
    const opaque = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
    const id = this.outbound.accept(business, waId, content, opaque);
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: this.rt.seams.waIdFor(number) }],
      messages: [{ id }],
    };
  }

  /**
   * A business that pins the consumer's identity (PROTOCOL §9) gets 137000
   * when the identity on file no longer matches; with none on file yet there
   * is nothing to contradict, so the send goes ahead.
   */
  private checkIdentity(business: Business, waId: string, hash: unknown): void {
    if (hash === undefined) return;
    if (typeof hash !== 'string' || hash === '') throw invalid('recipient_identity_key_hash', 'must be a non-empty string.');
    if (!this.rt.seams.checkIdentityKeyHash()) return;
    const row = this.rt.stmt('SELECT identity FROM remote_identities WHERE business = ? AND address = ?').get(business.phone_number_id, this.rt.token(business.phone_number_id, `${waId}.1`)) as
      | { identity: Buffer }
      | undefined;
    if (row && identityKeyHash(row.identity) !== hash) {
      throw new GraphError(137000, `The recipient's identity key hash does not match recipient_identity_key_hash: the recipient's identity changed.`);
    }
  }

  /** Free-form messages only within 24 h of the consumer's last message to this number. */
  private requireWindow(business: Business, waId: string): void {
    const pairs = this.rt.businesses().filter((b) => this.rt.seams.windowSharedWith(business.phone_number_id, b.phone_number_id));
    const time = (aggregate: 'MIN' | 'MAX', direction: 'in' | 'out'): number | undefined => {
      const times = pairs.map((b) => {
        const row = this.rt
          .stmt(`SELECT ${aggregate}(timestamp_ms) AS t FROM messages WHERE business = ? AND consumer = ? AND direction = ?`)
          .get(b.phone_number_id, this.rt.token(b.phone_number_id, waId), direction) as { t: number | null };
        return row.t ?? undefined;
      }).filter((t): t is number => t !== undefined);
      if (times.length === 0) return undefined;
      return aggregate === 'MAX' ? Math.max(...times) : Math.min(...times);
    };
    const start = this.rt.seams.windowStart(time('MAX', 'in'), time('MAX', 'out'), { firstInboundMs: time('MIN', 'in'), lifeStartMs: this.rt.lifeStartMs });
    if (start === undefined || this.rt.now() - start >= WINDOW_MS) {
      throw new GraphError(131047, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    }
  }

  /** The parameters of a template's components: every documented type is taken (the template itself is the business's). */
  private templateParameters(template: { components?: unknown[] }): void {
    (template.components ?? []).forEach((c, i) => {
      const parameters = isObject(c) && Array.isArray(c.parameters) ? c.parameters : [];
      parameters.forEach((p, j) => {
        if (isObject(p) && typeof p.type === 'string' && !this.rt.seams.templateParameterAccepted(p.type)) {
          throw invalid(`template.components[${i}].parameters[${j}].type`, `"${p.type}" is not supported.`);
        }
      });
    });
  }

  private context(context: unknown): { message_id: string } | undefined {
    if (context === undefined) return undefined;
    if (!isObject(context) || typeof context.message_id !== 'string' || context.message_id === '') {
      throw invalid('context.message_id', 'must be a non-empty string.');
    }
    if (!this.rt.seams.replyContextAccepted()) throw invalid('context', 'is not supported.');
    return { message_id: context.message_id };
  }

  /** `{"status":"read","message_id":…}`: only a message the consumer sent to this number. */
  private async markRead(business: Business, body: JsonObject): Promise<Record<string, unknown>> {
    this.product(body);
    if (body.status !== 'read') throw invalid('status', 'must be "read".');
    if (body.message_id === undefined) throw missing('message_id');
    if (typeof body.message_id !== 'string') throw invalid('message_id', 'must be a string.');
    let typing = false;
    if (body.typing_indicator !== undefined) {
      if (!isObject(body.typing_indicator) || body.typing_indicator.type !== 'text') throw invalid('typing_indicator.type', 'must be "text".');
      typing = true;
    }
    const row = this.rt.stmt('SELECT business, consumer_sealed, direction FROM messages WHERE id = ?').get(body.message_id) as
      | { business: string; consumer_sealed: Buffer; direction: 'in' | 'out' }
      | undefined;
    if (!row || !this.rt.seams.markReadBy(row.business, business.phone_number_id) || !this.rt.seams.markableAsRead(row.direction)) {
      throw invalid('message_id', 'must be the id of a message this number received.');
    }
    const receipt = { from: business.display_phone_number, to: this.rt.open(row.consumer_sealed).toString('utf8'), message_ids: [body.message_id], timestamp: this.rt.nowSeconds() };
    // A simulated consumer has no phone behind the transport to tell (PROTOCOL §14).
    if (isSimulated(this.rt, business.phone_number_id, receipt.to)) return { success: true };
    await this.transport.postReceipt({ type: 'read', ...receipt });
    if (typing) await this.transport.postReceipt({ type: 'typing', ...receipt });
    return { success: true };
  }

  /** Registration with an optional Local Storage region; the region cannot change while registered (storage-settings.ts). */
  private register(business: Business, body: JsonObject): Record<string, unknown> {
    this.product(body);
    if (body.pin === undefined) throw missing('pin');
    if (typeof body.pin !== 'string' || !PIN.test(body.pin)) throw invalid('pin', 'must be six digits.');
    const region = body.data_localization_region;
    if (region !== undefined && (typeof region !== 'string' || !this.rt.seams.validRegion(region))) {
      throw invalid('data_localization_region', `must be one of ${REGION_LIST}.`);
    }
    this.settings.register(business, region);
    return { success: true };
  }

  private deregister(business: Business, body: JsonObject): Record<string, unknown> {
    if (body.messaging_product !== undefined) this.product(body);
    this.settings.deregister(business);
    return { success: true };
  }

  /** POST blocks, DELETE unblocks: {"messaging_product":"whatsapp","block_users":[{"user":"<phone>"}]}. */
  private block(business: Business, add: boolean, body: JsonObject): Record<string, unknown> {
    this.product(body);
    if (body.block_users === undefined) throw missing('block_users');
    if (!Array.isArray(body.block_users) || body.block_users.length === 0) throw invalid('block_users', 'must be a non-empty array.');
    const users = body.block_users.map((u, i) => {
      if (!isObject(u) || typeof u.user !== 'string' || !TO.test(u.user)) throw invalid(`block_users[${i}].user`, 'must be a phone number.');
      return u.user;
    });
    for (const u of users) {
      const who = this.rt.consumerAtRest(business.phone_number_id, u.replace(/^\+/, ''));
      if (add) this.rt.stmt('INSERT OR IGNORE INTO blocked_users (business, consumer, consumer_sealed) VALUES (?, ?, ?)').run(business.phone_number_id, who.token, who.sealed);
      else if (this.rt.seams.unblockLifts()) this.rt.stmt('DELETE FROM blocked_users WHERE business = ? AND consumer = ?').run(business.phone_number_id, who.token);
    }
    const done = users.map((u) => ({ input: u, wa_id: u.replace(/^\+/, '') }));
    return { messaging_product: 'whatsapp', block_users: add ? { added_users: done } : { removed_users: done } };
  }

  private blocked(business: Business): Record<string, unknown> {
    const rows = this.rt.stmt('SELECT consumer_sealed FROM blocked_users WHERE business = ? ORDER BY rowid').all(business.phone_number_id) as { consumer_sealed: Buffer }[];
    return { data: rows.map((r) => ({ messaging_product: 'whatsapp', wa_id: this.rt.open(r.consumer_sealed).toString('utf8') })) };
  }
}
