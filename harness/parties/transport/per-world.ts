// The transport's state lasts one world: a case's reset must leave nothing of
// the last one behind. Each part keeps all of it in one object that a
// function builds, and a reset builds it anew, so a field added later is
// reset without anyone remembering to; the composite resets every part it
// holds, so a part added later is too.

import { isDeepStrictEqual } from 'node:util';

/** Anything that forgets the last world when a new one starts. */
export interface Resettable {
  reset(): void;
}

/** A part whose per-world state is `state`, made by `fresh` and made again by `reset`. */
export abstract class PerWorld<S extends object> implements Resettable {
  protected state: S;
  readonly #fresh: () => S;

  constructor(fresh: () => S) {
    this.#fresh = fresh;
    this.state = fresh();
  }

  reset(): void {
    const old = this.state;
    this.state = this.#fresh();
    this.retire(old);
  }

  /** Whether the part holds nothing of a world (as just made or reset): the reset test's probe. */
  holdsNothing(): boolean {
    return isDeepStrictEqual(this.state, this.#fresh());
  }

  /** What a reset does with the last world's state besides dropping it: release an answer it holds back. */
  protected retire(_old: S): void {}
}
