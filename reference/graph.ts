import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphError, invalid, missing } from './graph-errors.ts';
import { BodyTooLarge, bearer, isObject, readBody, sendJson, type JsonObject } from './http.ts';
import { identityKeyHash } from './identity.ts';
import type { Outbound } from './outbound.ts';
import type { Runtime } from './runtime.ts';
import type { Business, Content } from './types.ts';

// The Graph API surface: v0 serves only POST /{version}/{phone-number-id}/messages
// with type "text" (CLOUD-API-FACTS §2, §3).
const MESSAGES_PATH = /^\/(v[0-9]+\.[0-9]+)\/([^/]+)\/messages\/?$/;
const TO = /^\+?[0-9]{7,15}$/;
const MAX_TEXT = 4096;
const KNOWN_TYPES = new Set([
  'audio', 'button', 'contacts', 'document', 'image', 'interactive', 'location',
  'reaction', 'sticker', 'template', 'video', 'order', 'text',
]);

export class GraphApi {
  constructor(
    private readonly rt: Runtime,
    private readonly outbound: Outbound,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      const m = MESSAGES_PATH.exec(path);
      if (!m || req.method !== 'POST') {
        throw new GraphError(100, `Unsupported ${req.method ?? ''} request: unknown path components ${path}`);
      }
      const business = this.authenticate(req, decodeURIComponent(m[2]));
      const body = await this.readJson(req);
      sendJson(res, 200, this.send(business, body));
    } catch (e) {
      const err = e instanceof GraphError ? e : new GraphError(131000, (e as Error).message);
      sendJson(res, err.status, err.body());
    }
  }

  private authenticate(req: IncomingMessage, phoneNumberId: string): Business {
    const token = bearer(req);
    if (token === null) throw new GraphError(0, 'An access token is required: send Authorization: Bearer <access token>.');
    const business = this.rt.stmt('SELECT * FROM businesses WHERE phone_number_id = ?').get(phoneNumberId) as Business | undefined;
    if (business && business.access_token === token) return business;
    const known = this.rt.stmt('SELECT 1 FROM businesses WHERE access_token = ?').get(token);
    if (!known) throw new GraphError(190, 'The access token is malformed, expired or unknown.');
    // A valid token for another number: Graph says the object is not there for you.
    throw new GraphError(
      100,
      `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    );
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
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new GraphError(100, 'The request body is not valid JSON.');
    }
    if (!isObject(parsed)) throw new GraphError(100, 'The request body must be a JSON object.');
    return parsed;
  }

  private send(business: Business, body: JsonObject): Record<string, unknown> {
    if (body.messaging_product === undefined) throw missing('messaging_product');
    if (body.messaging_product !== 'whatsapp') throw new GraphError(100, 'Param messaging_product must be "whatsapp".');
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
      throw invalid('recipient_type', 'must be "individual".');
    }
    if (body.to === undefined) throw missing('to');
    if (typeof body.to !== 'string' || !TO.test(body.to)) {
      throw invalid('to', 'must be a phone number: 7 to 15 digits with an optional leading "+".');
    }
    const to = body.to;
    const waId = to.replace(/^\+/, '');
    if (body.type === undefined) throw missing('type');
    if (typeof body.type !== 'string') throw invalid('type', 'must be a string.');
    if (body.type !== 'text') {
      throw new GraphError(131051, `Message type ${KNOWN_TYPES.has(body.type) ? body.type : 'unknown'} is not supported by this implementation.`);
    }
    if (waId === business.display_phone_number) throw new GraphError(131021, 'The recipient is the sending business number.');
    this.checkIdentity(business, waId, body.recipient_identity_key_hash);
    const content: Content = { v: 0, type: 'text', text: this.text(body.text) };
    const context = this.context(body.context);
    if (context) content.context = context;
    const id = this.outbound.accept(business, waId, content);
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: this.rt.seams.waIdFor(to) }],
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
    const row = this.rt.stmt('SELECT identity FROM remote_identities WHERE business = ? AND address = ?').get(business.phone_number_id, `${waId}.1`) as
      | { identity: Buffer }
      | undefined;
    if (row && identityKeyHash(row.identity) !== hash) {
      throw new GraphError(137000, `The recipient's identity key hash does not match recipient_identity_key_hash: the recipient's identity changed.`);
    }
  }

  /** The `text` object as the business sent it, body through the outboundText seam. */
  private text(text: unknown): { body: string; preview_url?: boolean } {
    if (text === undefined) throw missing('text');
    if (!isObject(text)) throw invalid('text', 'must be an object.');
    if (text.body === undefined) throw missing('text.body');
    if (typeof text.body !== 'string') throw invalid('text.body', 'must be a string.');
    // Characters are Unicode code points, so an emoji counts once.
    const length = [...text.body].length;
    if (length < 1 || length > MAX_TEXT) throw invalid('text.body', `must be 1 to ${MAX_TEXT} characters long (got ${length}).`);
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') throw invalid('text.preview_url', 'must be a boolean.');
    const body = this.rt.seams.outboundText(text.body);
    return text.preview_url === undefined ? { body } : { body, preview_url: text.preview_url };
  }

  private context(context: unknown): { message_id: string } | undefined {
    if (context === undefined) return undefined;
    if (!isObject(context) || typeof context.message_id !== 'string' || context.message_id === '') {
      throw invalid('context.message_id', 'must be a non-empty string.');
    }
    return { message_id: context.message_id };
  }
}
