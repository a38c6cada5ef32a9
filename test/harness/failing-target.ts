// A target that fails half way through a run: the reference, in process,
// behind a loopback front that passes the first `afterResets` control-plane
// resets (one per case) and then, from the next reset on, crashes (drops the
// connection and stops listening), answers garbage, or hangs.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference } from '../../reference/server.ts';

export type Failure = 'crash' | 'garbage' | 'hang';

export interface FailingTarget {
  url: string;
  controlToken: string;
  /** Whether the failure has started. */
  failed(): boolean;
  close(): Promise<void>;
}

export const CONTROL_TOKEN = 'ctl_failing_target_token';

export async function startFailingTarget(failure: Failure, afterResets: number): Promise<FailingTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'failing-target-'));
  const reference = await startReference({ port: 0, controlToken: CONTROL_TOKEN, dataDir });
  const upstream = new URL(reference.url);
  let resets = 0;
  let failing = false;
  const hung: ServerResponse[] = [];

  const pass = (req: IncomingMessage, res: ServerResponse) => {
    const up = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const front: Server = createServer((req, res) => {
    if (!failing && req.method === 'POST' && req.url === '/conformance/v0/reset' && ++resets > afterResets) failing = true;
    if (!failing) return pass(req, res);
    req.resume();
    if (failure === 'garbage') {
      res.writeHead(500, { 'content-type': 'text/html' });
      return void res.end(`<html><body><h1>502 Bad Gateway</h1>\n\n<p>upstream   ${CONTROL_TOKEN} went away</p></body></html>`);
    }
    if (failure === 'hang') return void hung.push(res);
    // A crash: this connection and every other one drop, and nothing listens any more.
    front.close();
    front.closeAllConnections();
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));

  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    controlToken: CONTROL_TOKEN,
    failed: () => failing,
    close: async () => {
      for (const res of hung) res.destroy();
      await new Promise<void>((r) => {
        front.close(() => r());
        front.closeAllConnections();
      });
      await reference.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
