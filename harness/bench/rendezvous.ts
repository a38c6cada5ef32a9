// Meeting points between a driver waiting for an event and the party that
// sees it arrive, in either order, without polling. Early arrivals nobody
// waits for (other traffic) age out after two sweeps, so memory stays flat.

export class Rendezvous<T> {
  #waiting = new Map<string, (value: T) => void>();
  #early = new Map<string, T>();
  #older = new Map<string, T>();
  #timer: NodeJS.Timeout;

  constructor(sweepMs = 15_000) {
    this.#timer = setInterval(() => {
      this.#older = this.#early;
      this.#early = new Map();
    }, sweepMs);
    this.#timer.unref();
  }

  arrive(key: string, value: T): void {
    const waiter = this.#waiting.get(key);
    if (waiter) {
      this.#waiting.delete(key);
      waiter(value);
    } else this.#early.set(key, value);
  }

  /** Resolves with the value, or undefined when it does not arrive within `timeoutMs`. */
  wait(key: string, timeoutMs: number): Promise<T | undefined> {
    const early = this.#early.get(key) ?? this.#older.get(key);
    if (early !== undefined) {
      this.#early.delete(key);
      this.#older.delete(key);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.#waiting.set(key, (v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
