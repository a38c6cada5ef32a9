// How often the fuzzer draws each command, relative to the others: each
// command declares its weight in its file (`declaration.weight`). Uniform
// draws spent a quarter of a run on one command (prekeyDrain, 0.7 s a step)
// and reached the cheap commands that only matter in combination (a template
// with opaque data, then 30 days) rarely. Weights follow the cost of a step,
// measured over a 60 s run on the reference (`npm run fuzz`; README, Fuzzing):
// a slow episode is drawn less, so each command gets a fairer share of time.
//   6  a step of 30 ms or less: one request or a few
//   4  30–65 ms: a conversation, an audit, an episode of a few requests
//   2  75–135 ms: days of virtual time, outages, restarts
//   1  about 0.7 s (prekeyDrain)
//   8  cheap, but acting on what an earlier step made (an upload, a message):
//      drawn before it, they are skipped, so they are drawn more often

import fc from 'fast-check';
import type { DataCommand } from '../command-data.ts';
import type { Entry } from './index.ts';

/** The commands as one arbitrary, each drawn by its weight. */
export function weighted(entries: readonly Entry[]): fc.Arbitrary<DataCommand> {
  return fc.oneof(...entries.map((e) => ({ arbitrary: e.arbitrary, weight: e.weight })));
}
