// Starts a reference in-process with its fake neighbours and speaks the
// protocol to it the way the harness does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startReference, type RunningReference } from '../../reference/server.ts';
import { AtRest } from '../../reference/at-rest.ts';
import { Consumer, FakeTransport, WebhookReceiver } from './fixtures.ts';

export const CONTROL_TOKEN = 'ctl_test_token';
export const NOW_MS = 1767225600000;
export const BUSINESS = {
  waba_id: '102290129340398',
  phone_number_id: '106540352242922',
  display_phone_number: '15550783881',
  access_token: 'EAAGtesttoken',
  app_secret: 'app-secret-1',
  verify_token: 'verify-1',
};

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class Kit {
  reference!: RunningReference;
  readonly transport = new FakeTransport();
  readonly hooks = new WebhookReceiver();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'reference-test-'));

  static async start(fault?: string): Promise<Kit> {
    const kit = new Kit();
    await kit.transport.start();
    await kit.hooks.start();
    await kit.boot(fault);
    return kit;
  }

  async boot(fault?: string): Promise<void> {
    this.reference = await startReference({ port: 0, controlToken: CONTROL_TOKEN, dataDir: this.dataDir, fault });
  }

  async stop(): Promise<void> {
    await this.reference.close();
    await this.transport.stop();
    await this.hooks.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async call(method: string, path: string, token: string | null, body?: unknown): Promise<Answer> {
    const res = await fetch(`${this.reference.url}${path}`, {
      method,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  control(method: string, path: string, body?: unknown): Promise<Answer> {
    return this.call(method, `/conformance/v0${path}`, CONTROL_TOKEN, body);
  }

  async resetAndProvision(): Promise<void> {
    const reset = await this.control('POST', '/reset', {
      now_ms: NOW_MS,
      transport: { url: this.transport.url, token: this.transport.token },
      sinks: { telemetry: 'http://127.0.0.1:9/telemetry', ads: 'http://127.0.0.1:9/ads' },
    });
    if (reset.status !== 200) throw new Error(`reset failed: ${JSON.stringify(reset)}`);
    const made = await this.control('POST', '/businesses', { ...BUSINESS, webhook_url: this.hooks.url });
    if (made.status !== 201) throw new Error(`provision failed: ${JSON.stringify(made)}`);
  }

  send(to: string, body: unknown, token = BUSINESS.access_token): Promise<Answer> {
    return this.call('POST', `/v23.0/${BUSINESS.phone_number_id}/messages`, token, body);
  }

  /**
   * Opens the 24-hour window for `to` as if the consumer had just written,
   * straight in the database: these tests are about other things than the window.
   */
  openWindow(to: string): void {
    const waId = to.replace(/^\+/, '');
    const db = new Database(join(this.dataDir, 'reference.sqlite3'));
    // Stored as the reference stores a consumer: a keyed token and a sealed copy.
    const keys = new AtRest(this.dataDir);
    try {
      db.prepare("INSERT OR IGNORE INTO messages (id, business, consumer, consumer_sealed, direction, status, content, timestamp_ms) VALUES (?, ?, ?, ?, 'in', 'received', ?, ?)")
        .run(`wamid.window-${waId}`, BUSINESS.phone_number_id, keys.token('US', waId), keys.seal('US', Buffer.from(waId)), keys.seal('US', Buffer.from('{}')), NOW_MS);
    } finally {
      db.close();
    }
  }

  sendText(to: string, text: string): Promise<Answer> {
    this.openWindow(to);
    return this.send(to, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text } });
  }

  async idle(): Promise<void> {
    const a = await this.control('POST', '/idle');
    if (a.body.idle !== true) throw new Error('target did not become idle');
  }

  /** A consumer registered in the fake transport's key directory. */
  consumer(waId: string): Consumer {
    const c = new Consumer(waId);
    this.transport.bundles.set(waId, c.bundle());
    return c;
  }

  /** Posts a consumer's message to the business through the transport endpoint. */
  async inbound(c: Consumer, id: string, text: string, first: boolean): Promise<Answer> {
    const bundle = first ? this.transport.bundles.get(BUSINESS.display_phone_number) : undefined;
    const ct = await c.encrypt(BUSINESS.display_phone_number, JSON.stringify({ v: 0, type: 'text', text: { body: text } }), bundle, new Date(NOW_MS));
    return this.call('POST', '/transport/v0/envelopes', this.transport.token, {
      id, from: c.waId, to: BUSINESS.display_phone_number, type: ct.type, body: ct.body, timestamp: NOW_MS / 1000,
    });
  }
}
