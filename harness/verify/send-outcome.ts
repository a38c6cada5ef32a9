// The answer to a send whose recipient the harness cannot vouch for: on a
// target judged through the Graph API alone, the number the user named (--to)
// or one no one has. The target may accept it (200, the documented send
// answer; Cloud API reports a failure later, on the status webhook) or refuse
// it at once with a documented code and the Graph error envelope
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/):
//   100, 131009   the number is not valid (invalid parameter / parameter value)
//   131026        message undeliverable
//   131030        recipient not in the allowed list (a test number's recipients)
//   130429, 131056 throughput or pair rate limit (a property sends quickly)
//   131047        more than 24 h since the user last wrote: free-form sends only
//   131053        media upload error: media sends only (a media id or link the target cannot fetch)
//   132001        the template does not exist (HTTP 404): template sends only
// Every one of them conforms; what the case judges is the shape of either.

import type { TargetResponse } from '../target/target-client.ts';
import { expectSendAccepted } from './send-response.ts';
import { expectGraphError } from './graph-error.ts';

export interface SendToUnknown {
  /** The `to` exactly as sent. */
  to: string;
  /** The message type sent: decides which refusals are documented for it. */
  type: string;
  /** What was sent, for the message. */
  because: string;
}

export type SendOutcome = { accepted: true; id: string } | { accepted: false; code: number };

const FOR_ANY = [100, 131009, 131026, 131030, 130429, 131056];
const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** The codes a send of `type` to a recipient the target may not know may be refused with. */
export function documentedRefusals(type: string): number[] {
  return [...FOR_ANY, ...(type === 'template' ? [132001] : [131047]), ...(MEDIA.has(type) ? [131053] : [])];
}

/**
 * Checks `res` is the documented send answer (returns its id) or a
 * documented refusal in the Graph error envelope (returns its code).
 */
export function expectSendAnswered(res: TargetResponse, s: SendToUnknown): SendOutcome {
  if (res.status === 200) return { accepted: true, id: expectSendAccepted(res, s.to) };
  const statuses = s.type === 'template' ? [400, 404] : [400];
  const code = expectGraphError(res, { statuses, codes: documentedRefusals(s.type), because: s.because });
  return { accepted: false, code };
}
