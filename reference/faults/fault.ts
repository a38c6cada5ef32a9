import { cleanSeams, type Seams } from '../seams.ts';
import type { RecentMessage } from '../visibility-types.ts';

/** A deliberate defect the suite must catch: one override at one seam. */
export interface Fault {
  name: string;
  description: string;
  seams: Partial<Seams>;
}

/**
 * A telemetry payload that adds members to each business's entry, worked out
 * from that business's recent messages: the shape of every fault whose
 * statistics identify through their detail.
 */
export function telemetryPerBusiness(extra: (messages: RecentMessage[]) => Record<string, unknown>): Seams['telemetryPayload'] {
  return (w) => {
    const clean = cleanSeams.telemetryPayload(w) as { businesses: Array<Record<string, unknown>> };
    return { ...clean, businesses: clean.businesses.map((b) => ({ ...b, ...extra(w.recent.filter((r) => r.business === b.phone_number_id)) })) };
  };
}
