// The target's breaches of the transport protocol (PROTOCOL.md §4), each a
// sentence for the evidence, noted by whichever part saw it.

import { pushBounded } from '../../core/bounded.ts';
import { PerWorld } from './per-world.ts';

export class ProtocolProblems extends PerWorld<{ list: string[] }> {
  constructor() {
    super(() => ({ list: [] }));
  }

  get list(): string[] {
    return this.state.list;
  }

  note(problem: string): void {
    pushBounded(this.state.list, problem);
  }
}
