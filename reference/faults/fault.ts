import type { Seams } from '../seams.ts';

/** A deliberate defect the suite must catch: one override at one seam. */
export interface Fault {
  name: string;
  description: string;
  seams: Partial<Seams>;
}
