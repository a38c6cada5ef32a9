import { call } from './http-client.ts';
import type { Runtime } from './runtime.ts';

// Posts to the rest-of-Meta sinks named at reset (PROTOCOL §2.1). Best effort:
// a sink that is down loses that window, it never holds up messaging.
const TIMEOUT_MS = 5_000;

export type SinkName = 'telemetry' | 'ads';

export class SinkClient {
  private inFlight = 0;

  constructor(private readonly rt: Runtime) {}

  busy(): boolean {
    return this.inFlight > 0;
  }

  private url(name: SinkName): string | undefined {
    try {
      const sinks = JSON.parse(this.rt.meta('sinks') ?? '{}') as Record<string, unknown>;
      return typeof sinks[name] === 'string' ? sinks[name] : undefined;
    } catch {
      return undefined;
    }
  }

  post(name: SinkName, body: Buffer, contentType = 'application/json'): void {
    const url = this.url(name);
    if (url === undefined) return;
    this.inFlight++;
    call(this.rt, url, { method: 'POST', headers: { 'content-type': contentType }, body, timeoutMs: TIMEOUT_MS })
      .catch(() => undefined)
      .finally(() => this.inFlight--);
  }
}
