// Everything the mock holds, in memory: configured businesses, the messages
// it has seen, each consumer's 24-hour window, and its own clock. `reset`
// replaces it whole.

import { randomBytes } from 'node:crypto';

/** Where the mock's clock starts, and starts again on reset: 2026-01-01T00:00:00Z. */
export const CLOCK_START_MS = Date.UTC(2026, 0, 1);
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Business {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string;
  verifyToken: string;
  /** False until the webhook URL answered the verification handshake with the challenge. */
  active: boolean;
}

export type Status = 'sent' | 'delivered' | 'read';
export const STATUS_RANK: Record<Status, number> = { sent: 0, delivered: 1, read: 2 };

export interface SentMessage {
  id: string;
  phoneNumberId: string;
  recipient: string;
  status: Status;
  opaque?: string;
}

export interface ReceivedMessage {
  id: string;
  phoneNumberId: string;
  from: string;
}

export class MockState {
  nowMs = CLOCK_START_MS;
  readonly businesses = new Map<string, Business>();
  readonly sent = new Map<string, SentMessage>();
  readonly received = new Map<string, ReceivedMessage>();
  /** `${phoneNumberId}:${waId}` → when that consumer last wrote to that number. */
  private readonly lastInbound = new Map<string, number>();

  /** Forgets every business, message and window; the clock starts over. */
  reset(): void {
    this.nowMs = CLOCK_START_MS;
    this.businesses.clear();
    this.sent.clear();
    this.received.clear();
    this.lastInbound.clear();
  }

  businessByToken(token: string): Business | undefined {
    for (const b of this.businesses.values()) if (b.accessToken === token) return b;
    return undefined;
  }

  consumerWrote(phoneNumberId: string, waId: string): void {
    this.lastInbound.set(`${phoneNumberId}:${waId}`, this.nowMs);
  }

  windowOpen(phoneNumberId: string, waId: string): boolean {
    const last = this.lastInbound.get(`${phoneNumberId}:${waId}`);
    return last !== undefined && this.nowMs - last <= WINDOW_MS;
  }

  /** Unix seconds as a string, the way every Cloud API timestamp is written. */
  timestamp(): string {
    return String(Math.floor(this.nowMs / 1000));
  }
}

export const newMessageId = (): string => `wamid.${randomBytes(24).toString('base64url')}`;
