// The Graph API as a business calls it.

import { NoAnswer, RequestTimeout } from '../core/errors.ts';
import type { RequestOptions, TargetClient, TargetResponse } from './target-client.ts';

export interface GraphCaller {
  phoneNumberId: string;
  accessToken: string;
}

export interface GraphApiOptions {
  /** A request not answered within the request timeout throws NoAnswer (a failure of the case) rather than RequestTimeout. */
  mustAnswer?: boolean;
}

export class GraphApi {
  readonly #mustAnswer: boolean;

  constructor(
    private readonly client: TargetClient,
    readonly version: string,
    options: GraphApiOptions = {},
  ) {
    this.#mustAnswer = options.mustAnswer ?? false;
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

  sendMessage(caller: GraphCaller, body: unknown, headers: Record<string, string> = {}): Promise<TargetResponse> {
    return this.request('POST', `/${this.version}/${caller.phoneNumberId}/messages`, {
      headers: { authorization: `Bearer ${caller.accessToken}`, ...headers },
      json: body,
    });
  }

  /**
   * GET /{version}/{phone-number-id}: the business phone number's own fields
   * (display_phone_number, verified_name, quality_rating, …). A read with no
   * effect, which tells whether the token is accepted for that number
   * (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/).
   */
  phoneNumber(caller: GraphCaller, fields = 'id,display_phone_number,verified_name'): Promise<TargetResponse> {
    return this.client.request('graph', 'GET', `/${this.version}/${caller.phoneNumberId}?fields=${fields}`, {
      headers: { authorization: `Bearer ${caller.accessToken}` },
    });
  }

  /** Any request on the Graph API; `path` is appended to `/{version}`. */
  raw(method: string, path: string, options: RequestOptions = {}): Promise<TargetResponse> {
    return this.request(method, `/${this.version}${path}`, options);
  }

  /** Marks an incoming message read, optionally showing a typing indicator. */
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
