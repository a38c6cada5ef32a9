/**
 * Runs tasks one at a time per key, in the order they were queued.
 *
 * Every Signal operation on one session goes through here keyed by the remote
 * address: two concurrent encrypts on a session would otherwise read the same
 * chain state and reuse a message key (PROTOCOL §10).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;

  /** Tasks queued or running; `idle` reads it. */
  get size(): number {
    return this.running;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    this.running++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      this.running--;
      // Drop the chain once nothing follows it, so keys do not accumulate.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
