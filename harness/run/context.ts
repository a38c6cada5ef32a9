// What a case's `run` gets: its world, the run's seed, and `property`, which
// runs a fast-check property against the target and turns a failure into a
// shrunk counterexample with the path that replays it. SHOULD deviations
// (`should`, or a verifier's graded findings) never fail a property: they are
// kept in the case's deviation log and graded by the runner.

import fc from 'fast-check';
import { HarnessError, NoAnswer } from '../core/errors.ts';
import { DeviationLog } from '../core/deviations.ts';
import type { World } from './world.ts';

// The verdict primitives live in the kernel (the World uses them too); cases reach them from here.

export interface PropertyOptions {
  /** Runs for this property; defaults to the run's --runs. */
  runs?: number;
}

/** A property failed: the shrunk input, and how to get back to it. */
export class PropertyFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly counterexample: unknown,
    readonly seed: number,
    readonly path: string,
    readonly shrinks: number,
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = 'PropertyFailure';
  }
}

export class CaseContext {
  /** What a passing case did not check, and why (CaseResult.message on a pass). */
  readonly notes: string[] = [];

  constructor(
    readonly world: World,
    readonly seed: number,
    readonly runs: number,
    /** When set, replay exactly this fast-check path (from a failure's replay command). */
    readonly path: string | undefined,
    /** The case's SHOULD deviations; the runner grades them. */
    readonly deviations: DeviationLog = new DeviationLog(),
  ) {}

  /** Records a SHOULD deviation unless `ok`: the case goes on, and ends `warn` at worst. */
  should(ok: boolean, message: string, expected: string, actual: string): void {
    if (!ok) this.deviations.add({ level: 'SHOULD', message, expected, actual });
  }

  /** Notes what the case left out (a corpus entry the target's declaration does not cover): reported with a pass. */
  note(text: string): void {
    this.notes.push(text);
  }

  async property<T>(arb: fc.Arbitrary<T>, predicate: (input: T) => Promise<void>, options: PropertyOptions = {}): Promise<void> {
    // A hang is not shrunk: every try would cost a request timeout. After the
    // first one every run passes at once, so the input that hung is the
    // counterexample. Nor is a harness error, which is no counterexample at all.
    let hang: NoAnswer | undefined;
    let broke: HarnessError | undefined;
    const details = await fc.check(
      fc.asyncProperty(arb, async (input) => {
        if (hang || broke) return;
        try {
          await predicate(input);
        } catch (e) {
          if (e instanceof NoAnswer) hang = e;
          if (e instanceof HarnessError) broke = e;
          throw e;
        }
      }),
      { seed: this.seed, numRuns: options.runs ?? this.runs, path: this.path, endOnFailure: false },
    );
    // The harness broke (target gone, timeout): that is not the target's counterexample.
    if (broke) throw broke;
    if (!details.failed) return;
    if (details.errorInstance instanceof HarnessError) throw details.errorInstance;
    const counterexample = details.counterexample?.[0];
    let cause: unknown = hang ?? details.errorInstance;
    if (!hang) {
      // Run the shrunk input once more so the wire log holds its evidence and nothing else.
      this.world.env.logs.current.clear();
      try {
        await predicate(counterexample as T);
      } catch (e) {
        if (e instanceof HarnessError) throw e;
        cause = e;
      }
    }
    throw new PropertyFailure(cause, counterexample, details.seed, details.counterexamplePath ?? '', details.numShrinks);
  }
}
