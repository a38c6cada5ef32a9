// What WhatsApp's transport tells the target besides envelopes and receipts
// (PROTOCOL §5.1): consumers' spam reports and billing notices.

import type { TargetClient, TargetResponse } from '../target/target-client.ts';
import type { MockTransport } from './transport.ts';

export interface SpamReport {
  report_id: string;
  from: string;
  to: string;
  timestamp: number;
}

export interface BillingNotice {
  message_id: string;
  billable: boolean;
  pricing_model: string;
  category: string;
}

export class TransportNotices {
  constructor(
    private readonly target: TargetClient,
    private readonly transport: MockTransport,
  ) {}

  private post(path: string, json: unknown): Promise<TargetResponse> {
    return this.target.request('transport-endpoint', 'POST', path, { headers: { authorization: `Bearer ${this.transport.token}` }, json });
  }

  spamReport(r: SpamReport): Promise<TargetResponse> {
    return this.post('/transport/v0/spam-reports', r);
  }

  billing(n: BillingNotice): Promise<TargetResponse> {
    return this.post('/transport/v0/billing', n);
  }
}
