// Shapes shared across the reference's modules.

export interface Business {
  phone_number_id: string;
  waba_id: string;
  display_phone_number: string;
  access_token: string;
  app_secret: string;
  webhook_url: string;
  verify_token: string;
  registration_id: number;
  identity: Buffer; // IdentityKeyPair.serialize()
}

export type OutboundStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';
export type ReceiptType = 'delivered' | 'read';

/** The plaintext inside every Signal message (PROTOCOL §7). */
export interface Content {
  v: 0;
  type: string;
  [field: string]: unknown;
}

/** An envelope on the transport relay (PROTOCOL §4, §5). */
export interface Envelope {
  id: string;
  from: string;
  to: string;
  type: number;
  body: string;
  timestamp: number;
}

export type WebhookPayload = Record<string, unknown>;

export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}
