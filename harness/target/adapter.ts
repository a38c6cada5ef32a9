// Loads a user's adapter (--adapter=FILE, interface in adapter-interface.ts)
// and stands it in for the parts of the protocol it implements: the
// simulation surface, provisioning, and optionally the clock and idleness.
// Whatever the module does wrong is one line naming the module and the call:
// while loading, the run stops with exit 2; during a case, the case's
// verdict is `error`.

import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { ADAPTER_VERSION, type AdapterBusiness, type ConformanceAdapter, type CreateAdapter } from './adapter-interface.ts';
import { HarnessError } from '../core/errors.ts';
import { GRAPH_SURFACE } from '../core/capabilities.ts';
import type { BusinessProvision, ResetRequest, StoredRecord, TargetControl } from './control-plane.ts';
import type { TargetResponse } from './target-client.ts';
import type { SimulatedBusiness, SimulatedMessage, Simulation, SimulationAnswer } from './simulation.ts';

/** How long one adapter call may take before the harness gives up on it. */
export const ADAPTER_CALL_DEADLINE_MS = 60_000;

/** What an adapter may say it implements (adapter-interface.ts `capabilities`). */
const OPTIONAL = [...GRAPH_SURFACE, 'webhooks.verification'] as const;
const REQUIRED_METHODS = ['configureBusiness', 'deliverMessage', 'applyReceipt'] as const;
const OPTIONAL_METHODS = ['reset', 'now', 'advanceClock', 'idle', 'close'] as const;

export interface LoadedAdapter {
  /** The module's path as the user gave it. */
  file: string;
  name: string;
  /** What the run may judge with this adapter (PROTOCOL.md §1 names). */
  capabilities: string[];
  simulation: Simulation;
  control: TargetControl;
  close(): Promise<void>;
}

const bad = (file: string, what: string) => new HarnessError('HARNESS_ADAPTER', `adapter ${file}: ${what}`);

function describe(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.slice(0, 300) || 'no message';
}

/** Records one adapter call as wire evidence: the arguments, and what it returned or threw. */
export type AdapterCallLog = (call: { name: string; args: unknown; result?: unknown; error?: string }) => void;

export async function loadAdapter(file: string, context: { target: string; graphVersion: string }, log: AdapterCallLog = () => {}): Promise<LoadedAdapter> {
  const path = resolve(file);
  try {
    if (!(await stat(path)).isFile()) throw bad(file, 'is not a file');
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw bad(file, 'no such file');
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (e) {
    throw bad(file, `cannot be loaded as an ES module: ${describe(e)}`);
  }
  if (typeof mod.default !== 'function') throw bad(file, 'has no default export createAdapter(context) (see harness/target/adapter-interface.ts)');
  let adapter: unknown;
  try {
    adapter = await withDeadline((mod.default as CreateAdapter)(context), `${file}: createAdapter`);
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw bad(file, `createAdapter threw: ${describe(e)}`);
  }
  const a = checkShape(file, adapter);
  const caps = a.capabilities ? [...a.capabilities] : [...GRAPH_SURFACE];
  const unknown = caps.filter((c) => !(OPTIONAL as readonly string[]).includes(c));
  if (unknown.length) throw bad(file, `capabilities names what an adapter cannot bring: ${unknown.join(', ')} (it may name ${OPTIONAL.join(', ')})`);
  if (!caps.includes('graph.messages')) caps.push('graph.messages');
  caps.push('webhooks', 'simulate', 'control.provision');
  if (a.now && a.advanceClock) caps.push('control.clock');
  if (a.idle) caps.push('control.idle');
  const call = async <T>(name: string, run: () => Promise<T>, args?: unknown): Promise<T> => {
    try {
      const result = await withDeadline(run(), `${file}: ${name}`);
      log({ name, args, result });
      return result;
    } catch (e) {
      const error = e instanceof HarnessError ? e : bad(file, `${name} threw: ${describe(e)}`);
      log({ name, args, error: error.message });
      throw error;
    }
  };
  return {
    file,
    name: a.name ?? file,
    capabilities: caps,
    simulation: new AdapterSimulation(file, a, call),
    control: new AdapterControl(file, a, call),
    close: async () => {
      if (a.close) await call('close', () => a.close!()).catch(() => undefined);
    },
  };
}

function checkShape(file: string, v: unknown): ConformanceAdapter {
  if (typeof v !== 'object' || v === null) throw bad(file, `createAdapter returned ${v === null ? 'null' : typeof v}, not an adapter object`);
  const a = v as Record<string, unknown>;
  if (a.adapterVersion !== ADAPTER_VERSION) throw bad(file, `adapterVersion is ${JSON.stringify(a.adapterVersion)}; this harness speaks adapter version ${ADAPTER_VERSION}`);
  const missing = REQUIRED_METHODS.filter((m) => typeof a[m] !== 'function');
  if (missing.length) throw bad(file, `the adapter lacks ${missing.join(', ')} (see harness/target/adapter-interface.ts)`);
  const notFunctions = OPTIONAL_METHODS.filter((m) => a[m] !== undefined && typeof a[m] !== 'function');
  if (notFunctions.length) throw bad(file, `${notFunctions.join(', ')} must be functions when given`);
  if ((a.now === undefined) !== (a.advanceClock === undefined)) throw bad(file, 'now and advanceClock go together: give both or neither');
  if (a.name !== undefined && typeof a.name !== 'string') throw bad(file, 'name must be a string');
  if (a.capabilities !== undefined && !(Array.isArray(a.capabilities) && a.capabilities.every((c) => typeof c === 'string'))) throw bad(file, 'capabilities must be an array of strings');
  return v as ConformanceAdapter;
}

async function withDeadline<T>(p: T | Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(p),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HarnessError('HARNESS_ADAPTER', `adapter ${what} did not finish within ${ADAPTER_CALL_DEADLINE_MS / 1000} s`)), ADAPTER_CALL_DEADLINE_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

type Call = <T>(name: string, run: () => Promise<T>, args?: unknown) => Promise<T>;

function toAdapterBusiness(b: SimulatedBusiness): AdapterBusiness {
  return { wabaId: b.wabaId, phoneNumberId: b.phoneNumberId, displayPhoneNumber: b.waId, accessToken: b.accessToken, appSecret: b.appSecret, webhookUrl: b.webhookUrl, verifyToken: b.verifyToken };
}

class AdapterSimulation implements Simulation {
  readonly path = 'adapter' as const;

  constructor(
    private readonly file: string,
    private readonly a: ConformanceAdapter,
    private readonly call: Call,
  ) {}

  async deliver(m: SimulatedMessage): Promise<SimulationAnswer> {
    const inbound = { business: toAdapterBusiness(m.business), from: m.from, profileName: m.profileName, message: m.message };
    const answer = await this.call('deliverMessage', async () => this.a.deliverMessage(inbound), inbound);
    if (answer !== undefined && (typeof answer !== 'object' || answer === null)) throw bad(this.file, `deliverMessage returned ${JSON.stringify(answer)}, expected nothing or {id}`);
    const id = (answer as { id?: unknown } | undefined)?.id;
    if (id !== undefined && (typeof id !== 'string' || id === '')) throw bad(this.file, `deliverMessage returned id ${JSON.stringify(id)}, expected a non-empty string`);
    return { id: (id as string | undefined) ?? m.message.id, via: 'the adapter\'s deliverMessage' };
  }

  async receipt(r: { business: SimulatedBusiness; from: string; status: 'delivered' | 'read'; messageIds: string[] }): Promise<void> {
    const receipt = { business: toAdapterBusiness(r.business), from: r.from, status: r.status, messageIds: r.messageIds };
    await this.call('applyReceipt', async () => this.a.applyReceipt(receipt), receipt);
  }
}

/** The control an adapter gives: provisioning through configureBusiness, and the clock and idleness when it has them. */
class AdapterControl implements TargetControl {
  constructor(
    private readonly file: string,
    private readonly a: ConformanceAdapter,
    private readonly call: Call,
  ) {}

  async reset(_request: ResetRequest): Promise<void> {
    // The harness's transport and sinks mean nothing to a mock: only its own state is reset.
    if (this.a.reset) await this.call('reset', () => this.a.reset!());
  }

  async tryProvision(b: BusinessProvision): Promise<TargetResponse> {
    const business: AdapterBusiness = {
      wabaId: b.waba_id,
      phoneNumberId: b.phone_number_id,
      displayPhoneNumber: b.display_phone_number,
      accessToken: b.access_token,
      appSecret: b.app_secret,
      webhookUrl: b.webhook_url,
      verifyToken: b.verify_token,
    };
    await this.call('configureBusiness', () => this.a.configureBusiness(business), business);
    // The protocol's answer to provisioning, so the world treats both paths alike.
    const json = { ok: true };
    return { status: 201, headers: {}, body: Buffer.from(JSON.stringify(json)), json };
  }

  expectProvisioned(_res: TargetResponse): void {}

  async now(): Promise<number> {
    return this.#number('now', await this.call('now', () => this.#need('now')()));
  }

  async advance(ms: number): Promise<number> {
    return this.#number('advanceClock', await this.call('advanceClock', () => this.#need('advanceClock')(ms), { ms }));
  }

  async idle(): Promise<boolean> {
    const idle = await this.call('idle', () => this.#need('idle')());
    if (typeof idle !== 'boolean') throw bad(this.file, `idle returned ${JSON.stringify(idle)}, expected true or false`);
    return idle;
  }

  async restart(): Promise<void> {
    throw new HarnessError('HARNESS_INTERNAL', 'an adapter cannot restart the server: the case should have been n/a');
  }

  async storage(): Promise<StoredRecord[]> {
    throw new HarnessError('HARNESS_INTERNAL', 'an adapter cannot dump the server\'s storage: the case should have been n/a');
  }

  #need<K extends 'now' | 'advanceClock' | 'idle'>(name: K): NonNullable<ConformanceAdapter[K]> {
    const f = this.a[name];
    if (!f) throw new HarnessError('HARNESS_INTERNAL', `the adapter has no ${name}: the case should have been n/a`);
    return f.bind(this.a) as NonNullable<ConformanceAdapter[K]>;
  }

  #number(name: string, v: unknown): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(this.file, `${name} returned ${JSON.stringify(v)}, expected Unix milliseconds`);
    return v;
  }
}
