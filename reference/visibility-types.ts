// Shapes of the visibility, integrity and billing flows (PROTOCOL §2.1, §4.1, §5.1).

/** One business's counts for one telemetry window: what rest-of-Meta may see. */
export interface BusinessCounts {
  wabaId: string;
  phoneNumberId: string;
  sent: number;
  received: number;
  billable: number;
}

/** A message seen during the window: never sent anywhere, kept so faults can misuse it. */
export interface RecentMessage {
  id: string;
  business: string;
  consumer: string;
  content: string;
  timestampMs: number;
}

export interface TelemetryWindow {
  endMs: number;
  businesses: BusinessCounts[];
  recent: RecentMessage[];
  billing: BillingNotice[];
}

export interface IntegritySignal {
  /** The business's display phone number (its transport address). */
  business: string;
  kind: 'spam_report';
  reportId: string;
  timestamp: number;
}

export interface BillingNotice {
  message_id: string;
  billable: boolean;
  pricing_model: string;
  category: string;
}

export interface Pricing {
  billable: boolean;
  pricing_model: string;
  category: string;
}
