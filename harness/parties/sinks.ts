// The rest of Meta, as far as a Cloud API is allowed to talk to it:
// telemetry and advertising endpoints that accept anything, so the
// visibility matrix is checked against what the target really sends.

import { http, HttpResponse, type RequestHandler } from 'msw';
import { HARNESS_ORIGIN } from './harness-server.ts';

export const SINK_NAMES = ['telemetry', 'ads'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export class Sinks {
  handlers(): RequestHandler[] {
    // Bodies are already in the wire log (channel `sink`); the sink only acknowledges.
    return [http.post(`${HARNESS_ORIGIN}/sinks/:name`, () => new HttpResponse(null, { status: 204 }))];
  }
}
