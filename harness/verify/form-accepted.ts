// A send in one of the request forms Meta documents as accepted (a `to` with
// punctuation, the access token as a query parameter, a form-encoded body,
// every interactive type): it is answered like any accepted send
// (send-response.ts). One exception, for a recipient whose 24-hour window
// the harness cannot know (a Graph-only target, or no Signal transport):
// a free-form send may be refused with 131047 outside the window, which
// says nothing against the form (docs/cloud-api-rules.md#24-hour-customer-service-window).

import { expect } from '../core/expect.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { expectSendAccepted } from './send-response.ts';
import { showResponse } from './show.ts';

export interface AcceptedForm {
  /** The form, for the message: 'a `to` of "+44 7700-900123"'. */
  what: string;
  /** `to` exactly as sent. */
  to: string;
  /** The recipient's WhatsApp id, when the documentation fixes it. */
  waId?: string;
  /** True when the send is free-form and the recipient's window may be closed. */
  windowUnknown?: boolean;
}

// Brazil and Mexico: Meta may change the number's prefix, so the wa_id is not fixed by `to`.
const PREFIX_MAY_CHANGE = /^(55|52)/;

/** The recipient's WhatsApp id when Meta's documentation fixes it (digits of `to`), else undefined. */
export const fixedWaId = (digits: string): string | undefined => (PREFIX_MAY_CHANGE.test(digits) ? undefined : digits);

const OUTSIDE_WINDOW = 131047;

/** Whether `res` is the Graph error a send outside the 24-hour window gets. */
function outsideWindow(res: TargetResponse): boolean {
  const error = (res.json as { error?: { code?: unknown } } | undefined)?.error;
  return res.status >= 400 && res.status < 500 && error?.code === OUTSIDE_WINDOW;
}

/**
 * Checks a send in a documented form was accepted; returns the message id,
 * or undefined when it was refused only for the window.
 */
export function expectFormAccepted(res: TargetResponse, form: AcceptedForm): string | undefined {
  if (form.windowUnknown && outsideWindow(res)) return undefined;
  expect(res.status === 200, `a send with ${form.what} was refused: Meta documents this form as accepted`, form.windowUnknown ? 'HTTP 200 (or 131047: the window is unknown)' : 'HTTP 200', showResponse(res.status, res.body));
  return expectSendAccepted(res, form.to, form.waId);
}
