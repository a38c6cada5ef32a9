// A business number the target serves: its Graph identity, credentials,
// webhook and Signal keys.

import type { BusinessSignal } from './signal.ts';

export interface Business {
  wabaId: string;
  phoneNumberId: string;
  /** Its WhatsApp address on the transport: digits, no '+'. */
  display: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string;
  signal: BusinessSignal;
}
