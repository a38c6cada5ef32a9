// How often the fuzzer draws each command, relative to the others. Uniform
// draws spent a quarter of a run on one command (prekeyDrain, 0.7 s a step)
// and reached the cheap commands that only matter in combination (a template
// with opaque data, then 30 days) rarely. Weights follow the cost of a step,
// measured over a 60 s run on the reference (`npm run fuzz`; README, Fuzzing):
// a slow episode is drawn less, so each command gets a fairer share of time.

import fc from 'fast-check';
import type { DataCommand } from '../command-data.ts';
import type { Entry } from './index.ts';

/** A step of 30 ms or less: one request or a few. */
const DEFAULT_WEIGHT = 6;

export const WEIGHTS: Readonly<Record<string, number>> = {
  // About 0.7 s: a hundred newcomers drain a number's one-time prekeys.
  prekeyDrain: 1,
  // 75–135 ms: days of virtual time, outages, restarts.
  outageEpisode: 2,
  offlineEpisode: 2,
  staleSession: 2,
  keyRotation: 2,
  regionMove: 2,
  restartSession: 2,
  // Cheap, but they act on what an earlier step made (an upload, a message):
  // drawn before it, they are skipped, so they are drawn more often.
  mediaGet: 8,
  mediaDelete: 8,
  markRead: 8,
  receipt: 8,
  // 30–65 ms: a conversation, an audit, an episode of a few requests.
  canaryConversation: 4,
  integrityEpisode: 4,
  webhookBehindCertificate: 4,
  sendTemplate: 4,
  reinstall: 4,
  conversation: 4,
  prekeyTwin: 4,
  block: 4,
  inboundEnvelopes: 4,
  outageAudit: 4,
  regionEpisode: 4,
  inboundMedia: 4,
  billedSend: 4,
  retentionCheck: 4,
};

/** The commands as one arbitrary, each drawn by its weight. */
export function weighted(entries: readonly Entry[]): fc.Arbitrary<DataCommand> {
  return fc.oneof(...entries.map((e) => ({ arbitrary: e.arbitrary, weight: WEIGHTS[e.command] ?? DEFAULT_WEIGHT })));
}
