// The Graph API as a business calls it: messages here, the other endpoint
// families in graph/ (media, registration, settings, block_users). Every
// method sends the caller's token as Bearer (graph/caller.ts); `raw` is for
// requests malformed on purpose.

import { NoAnswer, RequestTimeout } from '../core/errors.ts';
import type { RequestOptions, TargetClient, TargetResponse } from './target-client.ts';
import { bearer, withQueryToken, type GraphAuth, type GraphCaller } from './graph/caller.ts';
import { multipart } from './multipart.ts';
import { MediaEndpoints } from './graph/media.ts';
import { RegistrationEndpoints } from './graph/registration.ts';
import { SettingsEndpoints } from './graph/settings.ts';
import { BlockUsersEndpoints } from './graph/block-users.ts';

export type { GraphAuth, GraphCaller } from './graph/caller.ts';
export type { MediaUpload } from './graph/media.ts';

export interface SendOptions {
  /** Another version or phone-number id in the path than the client's and the caller's: both are then URI-encoded. */
  at?: { version?: string; phoneNumberId?: string };
  auth?: GraphAuth;
}

/** The two non-JSON bodies the sendMessage operation declares (its Content-Type enum). */
export type FormBody = 'urlencoded' | 'multipart';

export interface GraphApiOptions {
  /** A request not answered within the request timeout throws NoAnswer (a failure of the case) rather than RequestTimeout. */
  mustAnswer?: boolean;
}

export class GraphApi {
  readonly #mustAnswer: boolean;
  readonly media: MediaEndpoints;
  readonly registration: RegistrationEndpoints;
  readonly settings: SettingsEndpoints;
  readonly blockUsers: BlockUsersEndpoints;

  constructor(
    private readonly client: TargetClient,
    readonly version: string,
    options: GraphApiOptions = {},
  ) {
    this.#mustAnswer = options.mustAnswer ?? false;
    this.media = new MediaEndpoints(this);
    this.registration = new RegistrationEndpoints(this);
    this.settings = new SettingsEndpoints(this);
    this.blockUsers = new BlockUsersEndpoints(this);
  }

  /** The target's base URL (without user info): where media URLs it hands out must point. */
  get baseUrl(): string {
    return this.client.baseUrl;
  }

  /** Any Graph request, `path` taken as is (a media URL the target handed out, a path with another version). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TargetResponse> {
    try {
      return await this.client.request('graph', method, path, options);
    } catch (e) {
      if (this.#mustAnswer && e instanceof RequestTimeout) throw new NoAnswer(e);
      throw e;
    }
  }

  /** POST /{version}/{phone-number-id}/messages with `body` as JSON (operation sendMessage). */
  sendMessage(caller: GraphCaller, body: unknown, options: SendOptions = {}): Promise<TargetResponse> {
    const { at } = options;
    const path = at ? `/${encodeURIComponent(at.version ?? this.version)}/${encodeURIComponent(at.phoneNumberId ?? caller.phoneNumberId)}/messages` : `/${this.version}/${caller.phoneNumberId}/messages`;
    return this.request('POST', withQueryToken(path, caller, options.auth), { headers: bearer(caller, options.auth), json: body });
  }

  /**
   * POST …/messages with its fields as an `application/x-www-form-urlencoded`
   * or `multipart/form-data` body (object fields given as their JSON text).
   */
  sendMessageForm(caller: GraphCaller, fields: Record<string, string>, form: FormBody): Promise<TargetResponse> {
    const path = `/${this.version}/${caller.phoneNumberId}/messages`;
    if (form === 'urlencoded') {
      return this.request('POST', path, { headers: { ...bearer(caller), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    }
    const parts = multipart(Object.entries(fields).map(([name, value]) => ({ name, value })));
    return this.request('POST', path, { headers: { ...bearer(caller), 'content-type': parts.contentType }, body: parts.body });
  }

  /**
   * GET /{version}/{phone-number-id}: the business phone number's own fields
   * (display_phone_number, verified_name, quality_rating, …). A read with no
   * effect, which tells whether the token is accepted for that number
   * (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/).
   */
  phoneNumber(caller: GraphCaller, fields = 'id,display_phone_number,verified_name'): Promise<TargetResponse> {
    return this.client.request('graph', 'GET', `/${this.version}/${caller.phoneNumberId}?fields=${fields}`, {
      headers: bearer(caller),
    });
  }

  /**
   * Any request on the Graph API; `path` is appended to `/{version}`. Only
   * for requests malformed on purpose (bad JSON, wrong content type, missing
   * or broken auth): everything else has a method.
   */
  raw(method: string, path: string, options: RequestOptions = {}): Promise<TargetResponse> {
    return this.request(method, `/${this.version}${path}`, options);
  }

  /** Marks an incoming message read, optionally showing a typing indicator (POST …/messages, status "read"). */
  markRead(caller: GraphCaller, messageId: string, typing = false): Promise<TargetResponse> {
    const body: Record<string, unknown> = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
    if (typing) body.typing_indicator = { type: 'text' };
    return this.sendMessage(caller, body);
  }

  /**
   * A template message: what a business sends to start a conversation or
   * write outside the 24-hour window, where free-form sends fail with 131047
   * (docs/cloud-api-rules.md#24-hour-customer-service-window).
   */
  sendTemplate(caller: GraphCaller, to: string, name = 'hello_world', languageCode = 'en_US'): Promise<TargetResponse> {
    return this.sendMessage(caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: { name, language: { code: languageCode } } });
  }

  /** A text message as documented for POST /{phone-number-id}/messages. */
  sendText(caller: GraphCaller, to: string, body: string): Promise<TargetResponse> {
    return this.sendMessage(caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
  }
}
