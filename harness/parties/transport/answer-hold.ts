// A held envelope answer: the transport relays the envelope at once but
// answers the target only once a case releases it, the moment a crash makes
// a target post the same envelope twice (PROTOCOL.md §3.1).

import { bounded, newHold, type Hold } from './hold.ts';
import { PerWorld } from './per-world.ts';

type AnswerHoldState = { hold: (Hold & { to: string; taken: boolean }) | undefined };

export class EnvelopeAnswerHold extends PerWorld<AnswerHoldState> {
  constructor() {
    super(() => ({ hold: undefined }));
  }

  /**
   * The next envelope POST (single or batch) carrying an envelope to `to` is
   * relayed at once, but its answer waits for the release (at most
   * HOLD_MS): the transport has the envelope and the target does not
   * know yet. `taken` says whether a POST is being held.
   */
  holdNext(to: string): { release: () => void; taken: () => boolean } {
    const hold = { ...newHold(), to, taken: false };
    this.state.hold = hold;
    return { release: () => hold.release(), taken: () => hold.taken };
  }

  /** The held answer's wait, when this POST (of envelopes to `recipients`) is the one held. */
  after(recipients: unknown[]): Promise<void> | undefined {
    const hold = this.state.hold;
    if (!hold || !recipients.some((e) => (e as { to?: unknown } | null)?.to === hold.to)) return undefined;
    this.state.hold = undefined;
    hold.taken = true;
    return bounded(hold.held);
  }

  protected override retire(old: AnswerHoldState): void {
    old.hold?.release();
  }
}
