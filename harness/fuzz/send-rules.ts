// What a business send must get, given the model: accepted inside the
// 24-hour window (or for a template); outside it, to a blocked consumer,
// refused at once with a Graph error or accepted and then `failed`.

import { expectGraphError } from '../verify/graph-error.ts';
import { expectSendAccepted } from '../verify/send-response.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { atWindowEdge, inWindow, touch, type FuzzModel, type SentMessage } from './model.ts';

export interface SendJudgement {
  business: number;
  consumer: number;
  /** A template may open a conversation: accepted at any time. */
  template: boolean;
  to: string;
  waId: string;
}

/** Judges the answer to a send and records an accepted message in the model; returns its id. */
export function judgeSend(m: FuzzModel, s: SendJudgement, res: TargetResponse, what: Pick<SentMessage, 'body' | 'content' | 'opaque'>): string | undefined {
  const blocked = m.blocked.has(`${s.business}:${s.consumer}`);
  const open = inWindow(m, s.business, s.consumer);
  let mustFail: string | undefined;
  if (blocked) {
    if (res.status !== 200) {
      expectGraphError(res, { because: 'a send to a blocked consumer' });
      return undefined;
    }
    mustFail = 'sent to a blocked consumer';
  } else if (!s.template && !open) {
    // At the boundary itself a target may count either way: no judgement.
    if (atWindowEdge(m, s.business, s.consumer)) {
      if (res.status !== 200) return undefined;
    } else if (res.status !== 200) {
      expectGraphError(res, { statuses: [400], codes: [131047], because: 'a free-form message outside the 24-hour window' });
      return undefined;
    } else {
      mustFail = 'a free-form message outside the 24-hour window';
    }
  }
  const id = expectSendAccepted(res, s.to, s.waId);
  m.outbound.set(id, { business: s.business, consumer: s.consumer, ...what, at: m.nowMs, inWindow: !mustFail && (open || s.template), mustFail });
  touch(m, id);
  // To encrypt it the target fetched the consumer's bundle: it now knows their identity.
  if (!mustFail) m.knows.add(`${s.business}:${s.consumer}`);
  else m.mayKnow.add(`${s.business}:${s.consumer}`);
  return id;
}
