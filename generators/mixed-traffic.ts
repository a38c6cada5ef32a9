// Inputs for a mixed workload: outbound and inbound texts, each carrying its
// own canary, a spam report id that is itself a canary, and a billing notice.

import fc from 'fast-check';
import { canary, textWithCanary } from './canary.ts';
import { textBody } from './text-body.ts';

export interface MixedTraffic {
  /** One per (business, consumer) pair, business → consumer. */
  outbound: Array<{ body: string; canary: string }>;
  /** One per (business, consumer) pair, consumer → business. */
  inbound: Array<{ body: string; canary: string }>;
  reportId: string;
  pricing: { billable: boolean; pricing_model: string; category: string };
}

export function mixedTraffic(pairs: number): fc.Arbitrary<MixedTraffic> {
  const text = textWithCanary(textBody({ maxLength: 300 }));
  return fc.record({
    outbound: fc.array(text, { minLength: pairs, maxLength: pairs }),
    inbound: fc.array(text, { minLength: pairs, maxLength: pairs }),
    reportId: canary().map((c) => `SPAM${c}`),
    pricing: fc.record({
      billable: fc.boolean(),
      pricing_model: fc.constantFrom('CBP', 'PMP'),
      category: fc.constantFrom('marketing', 'utility', 'authentication', 'service'),
    }),
  });
}
