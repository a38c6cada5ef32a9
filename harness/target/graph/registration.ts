// Registration: POST /{phone-number-id}/register and /deregister.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration/

import type { TargetResponse } from '../target-client.ts';
import { bearer, type GraphAuth, type GraphCaller, type GraphRequester } from './caller.ts';

export class RegistrationEndpoints {
  constructor(private readonly graph: GraphRequester) {}

  /**
   * Registers the number with a six-digit `pin` and, when given, a Local
   * Storage `region` as data_localization_region (operation
   * registerWhatsAppBusinessPhoneNumber).
   */
  register(caller: GraphCaller, pin: string, region?: string, auth: GraphAuth = {}): Promise<TargetResponse> {
    const body: Record<string, unknown> = { messaging_product: 'whatsapp', pin };
    if (region !== undefined) body.data_localization_region = region;
    return this.registerWith(caller, body, auth);
  }

  /** POST /{phone-number-id}/register with `body` as is: a generated body, valid or breaking one rule. */
  registerWith(caller: GraphCaller, body: Record<string, unknown>, auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.#post(caller, 'register', body, auth);
  }

  /** POST /{phone-number-id}/deregister {"messaging_product": "whatsapp"} (operation deregisterPhoneNumber). */
  deregister(caller: GraphCaller, auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.#post(caller, 'deregister', { messaging_product: 'whatsapp' }, auth);
  }

  #post(caller: GraphCaller, what: 'register' | 'deregister', json: unknown, auth: GraphAuth): Promise<TargetResponse> {
    return this.graph.request('POST', `/${this.graph.version}/${caller.phoneNumberId}/${what}`, { headers: bearer(caller, auth), json });
  }
}
