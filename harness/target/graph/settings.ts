// Phone number settings: POST /{phone-number-id}/settings, here its Local
// Storage part, storage_configuration (capability graph.settings).
// https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage

import type { TargetResponse } from '../target-client.ts';
import { bearer, type GraphAuth, type GraphCaller, type GraphRequester } from './caller.ts';

export class SettingsEndpoints {
  constructor(private readonly graph: GraphRequester) {}

  /** {"storage_configuration": {"enabled": true, "region"}}; no region sends {"enabled": false}, Local Storage off. */
  localStorage(caller: GraphCaller, region?: string, auth: GraphAuth = {}): Promise<TargetResponse> {
    const storage_configuration = region === undefined ? { enabled: false } : { enabled: true, region };
    return this.graph.request('POST', `/${this.graph.version}/${caller.phoneNumberId}/settings`, { headers: bearer(caller, auth), json: { storage_configuration } });
  }

  /** GET /{phone-number-id}/settings: the storage_configuration in effect (or waiting for register), PROTOCOL §12. */
  get(caller: GraphCaller, auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.graph.request('GET', `/${this.graph.version}/${caller.phoneNumberId}/settings`, { headers: bearer(caller, auth) });
  }
}
