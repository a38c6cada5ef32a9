// The conformance control plane (PROTOCOL.md §1–§3, §6), as the harness
// calls it. Answers that are not the protocol's shape become one clear
// HARNESS_TARGET_PROTOCOL error: the harness cannot do its job on them.

import { HarnessError, bodyExcerpt, type TargetStep } from '../core/errors.ts';
import type { TargetClient, TargetResponse } from './target-client.ts';
import { NEWEST_GRAPH_VERSION } from './graph-version.ts';
import { MAX_GRANULARITY_MS } from '../core/durations.ts';

export const PROTOCOL_VERSION = '0';
const BASE = '/conformance/v0';

export interface TargetIdentity {
  protocol: string;
  implementation: { name: string; version: string };
  graphVersions: string[];
  capabilities: string[];
  /** PROTOCOL §12: how far (virtual ms) the at-rest purge may trail a limit; undefined when not declared. */
  sweepGranularityMs?: number;
}

/** What the capabilities call found: the target's identity, or no control plane and the answer that showed it. */
export type Discovery = { identity: TargetIdentity } | { identity: null; seen: string };

export interface BusinessProvision {
  waba_id: string;
  phone_number_id: string;
  display_phone_number: string;
  access_token: string;
  app_secret: string;
  webhook_url: string;
  verify_token: string;
}

export interface ResetRequest {
  now_ms?: number;
  transport: { url: string; token: string };
  sinks: { telemetry: string; ads: string };
  /** PROTOCOL.md §11: the one CA the target trusts for the harness's TLS endpoints. */
  trust?: { ca_pem: string };
  /** PROTOCOL.md §11: refuse plain http:// URLs for webhooks and the transport. */
  production?: boolean;
}

export interface StoredRecord {
  region: string;
  store: string;
  key: string;
  bytes: Buffer;
}

/**
 * Total time (ms) each control call may take, answer included: a target that
 * drips bytes ends the run with one error instead of hanging it. Advancing
 * the clock runs every timer due, so it gets the most.
 */
export const CONTROL_DEADLINES_MS = {
  capabilities: 15_000,
  reset: 30_000,
  provision: 30_000,
  clock: 15_000,
  advance: 120_000,
  idle: 15_000,
  restart: 60_000,
  storage: 60_000,
  /** Any other request, the simulation surface's included (PROTOCOL.md §14). */
  other: 120_000,
} as const;

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** What a case's world asks of a target's control: the protocol's control plane, or an adapter standing in for it. */
export type TargetControl = Pick<ControlPlane, 'reset' | 'tryProvision' | 'expectProvisioned' | 'now' | 'advance' | 'idle' | 'restart' | 'storage'>;

export class ControlPlane {
  constructor(
    private readonly client: TargetClient,
    private readonly token: string | undefined,
  ) {}

  #auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** `what` is the call as "METHOD /path". */
  #fail(what: string, res: TargetResponse, expected: string): never {
    const [method = '', path = ''] = what.split(' ');
    const step: TargetStep = { channel: 'control', method, path, status: res.status, body: bodyExcerpt(res.body) };
    const hint = res.status === 401 || res.status === 403 ? (this.token ? ' (is --control-token right?)' : ' (give --control-token)') : '';
    throw new HarnessError(
      'HARNESS_TARGET_PROTOCOL',
      `Target ${this.client.baseUrl} answered ${what} with HTTP ${res.status}${hint}, expected ${expected}: ${step.body || '(empty body)'}`,
      { step },
    );
  }

  /**
   * The target's identity, or why it has none. Without a control token any
   * answer that is not the protocol's shape means "no control plane": an
   * auth-first gateway answers 401 or 403, Meta a Graph error, a mock server
   * 404 or an HTML page, and all of them are Graph-only targets. With a
   * control token the user told us there is one, so such an answer is an
   * error. A protocol-shaped answer of another version is an error either way.
   */
  async discover(): Promise<Discovery> {
    const what = 'GET /conformance/v0/capabilities';
    const res = await this.client.request('control', 'GET', `${BASE}/capabilities`, { headers: this.#auth(), deadlineMs: CONTROL_DEADLINES_MS.capabilities });
    const body = obj(res.json);
    const shaped = res.status === 200 && body !== undefined && typeof body.protocol === 'string' && Array.isArray(body.capabilities);
    if (!shaped || !body) {
      if (!this.token) return { identity: null, seen: `HTTP ${res.status}${res.json === undefined ? (res.body.length > 0 ? ', not JSON' : ', empty') : ''}` };
      if (res.status === 401 || res.status === 403) this.#fail(what, res, '200 with capabilities');
      this.#fail(what, res, '200 {"protocol":"0","capabilities":[…]} (PROTOCOL.md §1)');
    }
    if (body.protocol !== PROTOCOL_VERSION) {
      throw new HarnessError(
        'HARNESS_TARGET_PROTOCOL',
        `Target ${this.client.baseUrl} speaks conformance protocol ${JSON.stringify(body.protocol)}; this harness speaks ${PROTOCOL_VERSION}`,
        { step: { channel: 'control', method: 'GET', path: `${BASE}/capabilities`, status: res.status, body: bodyExcerpt(res.body) } },
      );
    }
    const impl = obj(body.implementation);
    return {
      identity: {
        protocol: body.protocol,
        implementation: { name: String(impl?.name ?? 'unknown'), version: String(impl?.version ?? 'unknown') },
        graphVersions: Array.isArray(body.graph_versions) && body.graph_versions.length > 0 ? body.graph_versions.map(String) : [NEWEST_GRAPH_VERSION],
        capabilities: (body.capabilities as unknown[]).map(String),
        sweepGranularityMs: sweepGranularity(body.retention),
      },
    };
  }

  async reset(request: ResetRequest): Promise<void> {
    const res = await this.client.request('control', 'POST', `${BASE}/reset`, { headers: this.#auth(), json: request, deadlineMs: CONTROL_DEADLINES_MS.reset });
    if (res.status !== 200) this.#fail('POST /conformance/v0/reset', res, '200');
  }

  async provision(business: BusinessProvision): Promise<void> {
    this.expectProvisioned(await this.tryProvision(business));
  }

  /** A provisioning answer that is not 201 means the harness cannot go on. */
  expectProvisioned(res: TargetResponse): void {
    if (res.status !== 201 && res.status !== 200) this.#fail('POST /conformance/v0/businesses', res, '201');
  }

  /** Provisions and hands back the answer, whatever it is: for cases that expect a refusal. */
  tryProvision(business: BusinessProvision): Promise<TargetResponse> {
    return this.client.request('control', 'POST', `${BASE}/businesses`, { headers: this.#auth(), json: business, deadlineMs: CONTROL_DEADLINES_MS.provision });
  }

  async now(): Promise<number> {
    const res = await this.client.request('control', 'GET', `${BASE}/clock`, { headers: this.#auth(), deadlineMs: CONTROL_DEADLINES_MS.clock });
    const ms = obj(res.json)?.now_ms;
    if (res.status !== 200 || typeof ms !== 'number') this.#fail('GET /conformance/v0/clock', res, '{"now_ms": <number>}');
    return ms;
  }

  async advance(ms: number): Promise<number> {
    const res = await this.client.request('control', 'POST', `${BASE}/clock/advance`, { headers: this.#auth(), json: { ms }, deadlineMs: CONTROL_DEADLINES_MS.advance });
    const now = obj(res.json)?.now_ms;
    if (res.status !== 200 || typeof now !== 'number') this.#fail('POST /conformance/v0/clock/advance', res, '{"now_ms": <number>}');
    return now;
  }

  /** True when the target reports it has nothing in flight. */
  async idle(): Promise<boolean> {
    const res = await this.client.request('control', 'POST', `${BASE}/idle`, { headers: this.#auth(), json: {}, deadlineMs: CONTROL_DEADLINES_MS.idle });
    const idle = obj(res.json)?.idle;
    if (res.status !== 200 || typeof idle !== 'boolean') this.#fail('POST /conformance/v0/idle', res, '{"idle": true|false}');
    return idle;
  }

  /** `control.restart`: the target crashes and comes back on the same storage before answering. */
  async restart(): Promise<void> {
    const res = await this.client.request('control', 'POST', `${BASE}/restart`, { headers: this.#auth(), json: {}, timeoutMs: 30_000, deadlineMs: CONTROL_DEADLINES_MS.restart });
    if (res.status !== 200) this.#fail('POST /conformance/v0/restart', res, '200');
  }

  async storage(): Promise<StoredRecord[]> {
    const res = await this.client.request('control', 'GET', `${BASE}/storage`, { headers: this.#auth(), timeoutMs: 30_000, deadlineMs: CONTROL_DEADLINES_MS.storage });
    const records = obj(res.json)?.records;
    if (res.status !== 200 || !Array.isArray(records)) this.#fail('GET /conformance/v0/storage', res, '{"records": [...]}');
    return records.map((r) => {
      const o = obj(r) ?? {};
      return { region: String(o.region), store: String(o.store), key: String(o.key), bytes: Buffer.from(String(o.bytes ?? ''), 'base64') };
    });
  }
}

/** The declared sweep granularity (PROTOCOL §12), capped at the one hour the protocol allows. */
function sweepGranularity(retention: unknown): number | undefined {
  const g = obj(retention)?.sweep_granularity_ms;
  return typeof g === 'number' && Number.isInteger(g) && g >= 0 ? Math.min(g, MAX_GRANULARITY_MS) : undefined;
}
