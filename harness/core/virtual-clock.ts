// The harness's view of the target's virtual clock. Consumers pass its `now`
// to every libsignal call, which otherwise reads the wall clock (a session
// unanswered for 30 days becomes unusable, PROTOCOL §10): a session used on a
// virtual clock must age on that clock on both sides.

export class VirtualClock {
  #nowMs: number;
  constructor(nowMs: number) {
    this.#nowMs = nowMs;
  }
  set(nowMs: number): void {
    this.#nowMs = nowMs;
  }
  get ms(): number {
    return this.#nowMs;
  }
  get seconds(): number {
    return Math.floor(this.#nowMs / 1000);
  }
  date(): Date {
    return new Date(this.#nowMs);
  }
}
