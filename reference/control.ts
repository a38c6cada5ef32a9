import type { IncomingMessage, ServerResponse } from 'node:http';
import { dumpRows } from './db.ts';
import { HttpProblem, ReferenceFailure } from './errors.ts';
import { bearer, isObject, readJsonObject, requireInteger, requireString, sameSecret, sendJson, type JsonObject } from './http.ts';
import { generateIdentity, publishedBundle } from './identity.ts';
import { storeIdentityKeys } from './signal-store.ts';
import { inactiveKey, type Outbox } from './outbox.ts';
import { call } from './http-client.ts';
import { randomInt } from 'node:crypto';
import { SWEEP_GRANULARITY_MS } from './retention.ts';
import { AtRest } from './at-rest.ts';
import type { Runtime } from './runtime.ts';
import type { TransportClient } from './transport-client.ts';
import { DEFAULT_REGION } from './durations.ts';
import type { Simulation } from './simulation.ts';

// The control plane (PROTOCOL §1–§3, §6): how the harness drives the target.
const IDLE_GIVE_UP_MS = 10_000; // real time, as §3 allows
const IDLE_POLL_MS = 5;
const VERIFY_TIMEOUT_MS = 5_000;
const DIGITS = /^[0-9]{1,20}$/;

/** Every capability the reference implements (PROTOCOL §1), in the order it declares them. */
export const REFERENCE_CAPABILITIES: readonly string[] = [
  'graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.storage', 'control.idle',
  // --- Graph API
  'graph.registration', 'graph.block-users', 'graph.media',
  // --- webhooks
  'webhooks.verification', 'control.restart',
  // --- visibility, integrity, billing
  'transport.integrity', 'transport.billing', 'telemetry',
  // --- Signal end to end
  'tls', 'signal.rotation',
  // --- retention and Local Storage
  'retention', 'local-storage', 'graph.settings', 'graph.media.inbound',
  // --- a consumer's messages and receipts on the control plane (PROTOCOL §14)
  'simulate',
];

/**
 * A subset to declare instead of everything (--capabilities): a target of a
 * lower conformance level, for testing the harness. Only the answer changes;
 * the reference behaves the same, and a harness uses only what is declared.
 */
export function declaredSubset(names: readonly string[]): string[] {
  const unknown = names.filter((n) => !REFERENCE_CAPABILITIES.includes(n));
  if (unknown.length > 0) {
    throw new ReferenceFailure('REF_BAD_FLAG', `--capabilities names what the reference does not implement: ${unknown.map((n) => JSON.stringify(n)).join(', ')} (it implements ${REFERENCE_CAPABILITIES.join(', ')})`);
  }
  return REFERENCE_CAPABILITIES.filter((c) => names.includes(c));
}

/** The answer to GET /conformance/v0/capabilities, declaring `declared`. */
export function capabilitiesAnswer(declared: readonly string[] = REFERENCE_CAPABILITIES): Record<string, unknown> {
  return {
    // PROTOCOL §12: the sweep granularity, with the capability only
    ...(declared.includes('retention') ? { retention: { sweep_granularity_ms: SWEEP_GRANULARITY_MS } } : {}),
    protocol: '0',
    implementation: { name: 'cloudapi-reference', version: '0.1.0' },
    graph_versions: ['v23.0'],
    capabilities: [...declared],
  };
}

export class ControlPlane {
  constructor(
    private readonly rt: Runtime,
    private readonly controlToken: string,
    private readonly outbox: Outbox,
    private readonly transport: TransportClient,
    /** Whether any work (Signal queues, webhook loops) is in flight or due. */
    private readonly busy: () => boolean,
    /** Crash and come back on the same storage (PROTOCOL §3, control.restart). */
    private readonly restart: () => Promise<void> = async () => {},
    /** Runs the timers other than webhook retries (telemetry windows) when the clock moves. */
    private readonly onClock: () => void = () => {},
    /** The retention sweeper (retention.ts): runs before a clock advance answers. */
    private readonly sweep: () => void = () => {},
    /** What the capabilities answer declares (default: everything; --capabilities declares less). */
    private readonly declared: readonly string[] = REFERENCE_CAPABILITIES,
    /** The simulation surface (PROTOCOL §14); without it its endpoints are unknown. */
    private readonly simulation?: Simulation,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!sameSecret(bearer(req), this.controlToken)) {
      throw new HttpProblem(401, 'unauthorized', 'the control plane needs Authorization: Bearer <control token>');
    }
    const route = `${req.method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /conformance/v0/capabilities':
        return sendJson(res, 200, capabilitiesAnswer(this.declared));
      case 'POST /conformance/v0/reset':
        this.reset(await readJsonObject(req, true));
        return sendJson(res, 200, { ok: true });
      case 'POST /conformance/v0/businesses': {
        const b = await this.provision(await readJsonObject(req));
        return sendJson(res, 201, { ok: true, webhook_active: await this.verifyCallback(b) });
      }
      case 'POST /conformance/v0/restart':
        await this.restart();
        return sendJson(res, 200, { ok: true });
      case 'GET /conformance/v0/clock':
        return sendJson(res, 200, { now_ms: this.rt.now() });
      case 'POST /conformance/v0/clock/advance': {
        const ms = requireInteger(await readJsonObject(req), 'ms');
        this.rt.setNow(this.rt.now() + ms);
        this.sweep();
        // The only timers are webhook retries; starting the due ones is "running" them.
        this.outbox.kick();
        this.onClock();
        return sendJson(res, 200, { now_ms: this.rt.now() });
      }
      case 'POST /conformance/v0/idle':
        return sendJson(res, 200, { idle: await this.waitIdle() });
      case 'POST /conformance/v0/simulate/messages':
      case 'POST /conformance/v0/simulate/receipts': {
        if (!this.simulation) break;
        this.simulation.allowed();
        const body = await readJsonObject(req);
        return sendJson(res, 200, route.endsWith('/messages') ? this.simulation.message(body) : this.simulation.receipt(body));
      }
      case 'GET /conformance/v0/storage':
        this.rt.commitDeferred(); // the dump shows every accepted write
        return sendJson(res, 200, {
          records: dumpRows(this.rt.db, (row) => this.recordRegion(row)).map((r) => ({ region: r.region, store: r.store, key: r.key, bytes: r.bytes.toString('base64') })),
        });
    }
    throw new HttpProblem(404, 'not_found', `no control endpoint ${route}`);
  }

  /**
   * The region a record is held in: the one whose key sealed its content, else
   * its business's Local Storage region, else US. The reference keeps one
   * database and tags records by key region (PROTOCOL §12); a production
   * target would keep one store per region.
   */
  private recordRegion(row: Record<string, unknown>): string {
    for (const v of Object.values(row)) {
      const sealedIn = Buffer.isBuffer(v) ? AtRest.regionOf(v) : undefined;
      if (sealedIn !== undefined) return sealedIn;
    }
    const business = row.business ?? row.phone_number_id;
    return typeof business === 'string' ? this.rt.regionOf(business) : DEFAULT_REGION;
  }

  private reset(body: JsonObject): void {
    const transport = body.transport;
    if (!isObject(transport)) throw new HttpProblem(400, 'bad_request', 'field transport must be an object {url, token}');
    const url = requireString(transport, 'url', /^https?:\/\//);
    const token = requireString(transport, 'token');
    const nowMs = body.now_ms === undefined ? undefined : requireInteger(body, 'now_ms');
    if (body.sinks !== undefined && !isObject(body.sinks)) throw new HttpProblem(400, 'bad_request', 'field sinks must be an object');
    // PROTOCOL §11: the one CA to trust for the harness's endpoints, and production mode.
    let caPem: string | undefined;
    if (body.trust !== undefined) {
      if (!isObject(body.trust)) throw new HttpProblem(400, 'bad_request', 'field trust must be an object {ca_pem}');
      caPem = requireString(body.trust, 'ca_pem', /-----BEGIN CERTIFICATE-----/);
    }
    if (body.production !== undefined && typeof body.production !== 'boolean') throw new HttpProblem(400, 'bad_request', 'field production must be a boolean');
    const production = body.production === true;
    if (production && !url.startsWith('https://')) throw new HttpProblem(400, 'insecure_url', 'in production mode the transport url must be https://');
    const previousNow = this.rt.now();
    this.rt.generation++;
    this.rt.wipe();
    this.rt.db.transaction(() => {
      this.rt.setNow(nowMs ?? previousNow);
      this.rt.setMeta('transport_url', url);
      this.rt.setMeta('transport_token', token);
      this.rt.setMeta('sinks', JSON.stringify(body.sinks ?? {}));
      if (caPem !== undefined) this.rt.setMeta('trust_ca_pem', caPem);
      this.rt.setMeta('production', production ? '1' : '0');
    })();
  }

  /**
   * The verification handshake (PROTOCOL §2): the callback is active only if
   * it echoes the challenge; otherwise the business exists but is never called.
   */
  private async verifyCallback(b: { phone_number_id: string; webhook_url: string; verify_token: string }): Promise<boolean> {
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
    const url = new URL(b.webhook_url);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', b.verify_token);
    url.searchParams.set('hub.challenge', challenge);
    let status = 0;
    let answer = '';
    try {
      // Through the one HTTP client, so the handshake trusts exactly what deliveries trust (PROTOCOL §11).
      const res = await call(this.rt, url.toString(), { method: 'GET', timeoutMs: VERIFY_TIMEOUT_MS });
      status = res.status;
      answer = res.body.toString('utf8').trim();
    } catch {
      // Unreachable: not verified.
    }
    const active = this.rt.seams.verificationAccepted(challenge, status, answer);
    if (!active) this.rt.setMeta(inactiveKey(b.phone_number_id), '1');
    return active;
  }

  private async provision(body: JsonObject): Promise<{ phone_number_id: string; webhook_url: string; verify_token: string }> {
    const b = {
      waba_id: requireString(body, 'waba_id'),
      phone_number_id: requireString(body, 'phone_number_id'),
      display_phone_number: requireString(body, 'display_phone_number', DIGITS),
      access_token: requireString(body, 'access_token'),
      app_secret: requireString(body, 'app_secret'),
      webhook_url: requireString(body, 'webhook_url', /^https?:\/\/[^\s]+$/),
      verify_token: typeof body.verify_token === 'string' ? body.verify_token : '',
    };
    if (b.webhook_url.startsWith('http://') && !this.rt.seams.plainWebhookAllowed(this.rt.meta('production') === '1')) {
      throw new HttpProblem(400, 'insecure_url', 'in production mode webhook_url must be https://');
    }
    const clash = this.rt
      .stmt('SELECT 1 FROM businesses WHERE phone_number_id = ? OR display_phone_number = ?')
      .get(b.phone_number_id, b.display_phone_number);
    if (clash) throw new HttpProblem(409, 'conflict', 'a business with this phone_number_id or display_phone_number exists');
    const generation = this.rt.generation;
    const id = generateIdentity(this.rt.now(), this.rt.seams.signKyberPreKey);
    // 201 promises a usable business, so publish first and store only after.
    await this.transport.putKeys(b.display_phone_number, publishedBundle(id));
    this.rt.guard(generation);
    const store = this.rt.db.transaction(() => {
      this.rt
        .stmt(
          `INSERT INTO businesses (phone_number_id, waba_id, display_phone_number, access_token, app_secret, webhook_url, verify_token, registration_id, identity)
           VALUES (@phone_number_id, @waba_id, @display_phone_number, @access_token, @app_secret, @webhook_url, @verify_token, @registration_id, @identity)`,
        )
        .run({ ...b, registration_id: id.registrationId, identity: Buffer.from(id.pair.serialize()) });
      storeIdentityKeys(this.rt, b.phone_number_id, id);
    });
    try {
      store();
    } catch (e) {
      this.rt.businessesChanged();
      // Two concurrent provisionings of one number: the second loses here.
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new HttpProblem(409, 'conflict', 'a business with this phone_number_id or display_phone_number exists');
      }
      throw e;
    }
    this.rt.businessesChanged();
    return b;
  }

  private async waitIdle(): Promise<boolean> {
    const deadline = Date.now() + IDLE_GIVE_UP_MS;
    while (Date.now() < deadline) {
      if (!this.busy()) return true;
      await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
    }
    return false;
  }
}
