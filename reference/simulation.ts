import { HttpProblem } from './errors.ts';
import { isObject, requireString, type JsonObject } from './http.ts';
import { Rejected, type ContentObject, type Inbound } from './inbound.ts';
import type { Runtime } from './runtime.ts';
import type { Business } from './types.ts';

// The simulation surface (PROTOCOL §14): a consumer's message and receipts
// handed over on the control plane in plaintext, for runs without Signal.
// Both join the transport's paths in inbound.ts where decryption ends, so
// what follows (webhooks, storage, retention, telemetry) is the same code.
const ADDRESS = /^[0-9]{1,20}$/;

const bad = (message: string): HttpProblem => new HttpProblem(400, 'bad_request', message);

export class Simulation {
  constructor(
    private readonly rt: Runtime,
    private readonly inbound: Inbound,
  ) {}

  /** POST /conformance/v0/simulate/messages: a consumer's message has reached the target. */
  message(body: JsonObject): { id: string } {
    const phoneNumberId = requireString(body, 'phone_number_id');
    const from = requireString(body, 'from', ADDRESS);
    const profileName = body.profile_name;
    if (profileName !== undefined && typeof profileName !== 'string') throw bad('field profile_name must be a string');
    const message = messageObject(body.message);
    const business = this.business(phoneNumberId);
    try {
      return { id: this.inbound.simulated(business, from, profileName, message) };
    } catch (e) {
      if (e instanceof Rejected) throw bad(`field message: ${e.message}`);
      throw e;
    }
  }

  /** POST /conformance/v0/simulate/receipts: the consumer's phone acknowledges what the business sent it. */
  receipt(body: JsonObject): { ok: true } {
    const phoneNumberId = requireString(body, 'phone_number_id');
    const from = requireString(body, 'from', ADDRESS);
    const status = body.status;
    if (status !== 'delivered' && status !== 'read') throw bad('field status must be "delivered" or "read"');
    const ids = body.message_ids;
    if (!Array.isArray(ids) || !ids.every((i): i is string => typeof i === 'string')) throw bad('field message_ids must be an array of strings');
    const business = this.business(phoneNumberId);
    // The same as a transport receipt (PROTOCOL §5), stamped with the virtual clock.
    this.inbound.receipt(business, { type: status, from, to: business.display_phone_number, message_ids: [...ids], timestamp: this.rt.nowSeconds() });
    return { ok: true };
  }

  /** Throws unless simulation may be used now: it is a test seam, never a way into a deployed server (production mode, PROTOCOL §11). */
  allowed(): void {
    if (this.rt.meta('production') === '1') throw new HttpProblem(403, 'forbidden', 'simulation is refused in production mode');
  }

  private business(phoneNumberId: string): Business {
    const business = this.rt.business(phoneNumberId);
    if (!business) throw new HttpProblem(404, 'not_found', `no business has phone_number_id ${phoneNumberId}`);
    return business;
  }
}

/** The webhook message object as the harness wants it to appear: a type and its object, an optional id and context. */
function messageObject(m: unknown): ContentObject {
  if (!isObject(m)) throw bad('field message must be an object');
  if (typeof m.type !== 'string' || m.type === '') throw bad('field message.type must be a non-empty string');
  if (!(m.type in m) || m[m.type] === null || typeof m[m.type] !== 'object') throw bad(`field message.${m.type} must be the ${m.type} object`);
  if (m.id !== undefined && (typeof m.id !== 'string' || m.id === '')) throw bad('field message.id must be a non-empty string');
  if (m.context !== undefined && !(isObject(m.context) && typeof m.context.id === 'string' && m.context.id !== '')) {
    throw bad('field message.context must be {"id": "wamid.…"}');
  }
  return m as ContentObject;
}
