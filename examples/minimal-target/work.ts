// Two small tools for asynchronous work.
//
// - `Work` remembers every task in flight, so the control plane's `idle`
//   (PROTOCOL.md §3) can answer once nothing is left.
// - `Lanes` runs tasks one after another per key. Signal operations on one
//   (business, consumer) session must never overlap: two concurrent encrypts
//   would reuse a message key (PROTOCOL.md §10).

export class Work {
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Runs `task` in the background and keeps track of it; its failure is logged, never thrown. */
  spawn(what: string, task: () => Promise<unknown>): void {
    const p = task().catch((e: unknown) => console.error(`minimal-target: ${what} failed: ${e instanceof Error ? e.message : String(e)}`));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** True once nothing is in flight (new work started meanwhile is waited for too); false after `deadlineMs`. */
  async idle(deadlineMs: number): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    while (this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    return true;
  }
}

export class Lanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
