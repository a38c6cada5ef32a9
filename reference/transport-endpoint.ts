import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem } from './errors.ts';
import { bearer, readJsonObject, requireInteger, requireString, sameSecret, sendJson } from './http.ts';
import type { Inbound } from './inbound.ts';
import type { Runtime } from './runtime.ts';
import type { Billing } from './billing.ts';
import type { Integrity } from './integrity.ts';
import type { Business } from './types.ts';

// The transport endpoint (PROTOCOL §5): what WhatsApp's transport delivers to us.
const ADDRESS = /^[0-9]{1,20}$/;

export class TransportEndpoint {
  constructor(
    private readonly rt: Runtime,
    private readonly inbound: Inbound,
    private readonly visibility: { integrity: Integrity; billing: Billing },
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const token = this.rt.meta('transport_token');
    if (token === undefined || !sameSecret(bearer(req), token)) {
      throw new HttpProblem(401, 'unauthorized', 'the transport endpoint needs Authorization: Bearer <transport token from the last reset>');
    }
    const route = `${req.method} ${path.replace(/\/+$/, '')}`;
    if (route === 'POST /transport/v0/envelopes') return this.envelope(req, res);
    if (route === 'POST /transport/v0/receipts') return this.receipt(req, res);
    if (route === 'POST /transport/v0/spam-reports') return this.spamReport(req, res);
    if (route === 'POST /transport/v0/billing') return this.billing(req, res);
    throw new HttpProblem(404, 'not_found', `no transport endpoint ${route}`);
  }

  private async envelope(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = await readJsonObject(req);
    const e = {
      id: requireString(o, 'id'),
      from: requireString(o, 'from', ADDRESS),
      to: requireString(o, 'to', ADDRESS),
      type: requireInteger(o, 'type'),
      body: requireString(o, 'body'),
      timestamp: requireInteger(o, 'timestamp'),
    };
    const business = this.inbound.business(e.to);
    if (!business) throw new HttpProblem(404, 'unknown_address', `no business is registered at ${e.to}`);
    // A duplicate is acknowledged like a new envelope and never forwarded (§5).
    this.inbound.accept(business, e);
    sendJson(res, 200, { ok: true });
  }

  // --- integrity and billing (PROTOCOL §5.1)
  private async spamReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = await readJsonObject(req);
    const r = { report_id: requireString(o, 'report_id'), from: requireString(o, 'from', ADDRESS), to: requireString(o, 'to', ADDRESS), timestamp: requireInteger(o, 'timestamp') };
    const business = this.inbound.business(r.to);
    if (!business) throw new HttpProblem(404, 'unknown_address', `no business is registered at ${r.to}`);
    this.visibility.integrity.spamReport(business, r);
    sendJson(res, 200, { ok: true });
  }

  private async billing(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = await readJsonObject(req);
    if (typeof o.billable !== 'boolean') throw new HttpProblem(400, 'bad_request', 'field billable must be a boolean');
    const n = { message_id: requireString(o, 'message_id'), billable: o.billable, pricing_model: requireString(o, 'pricing_model'), category: requireString(o, 'category') };
    const owner = this.rt.stmt("SELECT b.* FROM messages m JOIN businesses b ON b.phone_number_id = m.business WHERE m.id = ? AND m.direction = 'out'").get(n.message_id) as
      | Business
      | undefined;
    if (!owner || !this.visibility.billing.notice(owner, n)) throw new HttpProblem(404, 'unknown_message', `no outbound message ${n.message_id}`);
    sendJson(res, 200, { ok: true });
  }

  private async receipt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = await readJsonObject(req);
    const type = o.type;
    if (type !== 'delivered' && type !== 'read') throw new HttpProblem(400, 'bad_request', 'field type must be "delivered" or "read"');
    const ids = o.message_ids;
    if (!Array.isArray(ids) || !ids.every((i): i is string => typeof i === 'string')) {
      throw new HttpProblem(400, 'bad_request', 'field message_ids must be an array of strings');
    }
    const r = {
      type,
      from: requireString(o, 'from', ADDRESS),
      to: requireString(o, 'to', ADDRESS),
      message_ids: ids,
      timestamp: requireInteger(o, 'timestamp'),
    } as const;
    const business = this.inbound.business(r.to);
    if (!business) throw new HttpProblem(404, 'unknown_address', `no business is registered at ${r.to}`);
    this.inbound.receipt(business, { ...r, message_ids: [...r.message_ids] });
    sendJson(res, 200, { ok: true });
  }
}
