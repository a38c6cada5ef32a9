// One HTTP server, two surfaces: /mock/… is the mock's own API, everything
// else is the Graph API.

import { createServer, type Server } from 'node:http';
import { sendJson } from './http.ts';
import { MockState } from './state.ts';
import { WebhookQueue } from './webhooks.ts';
import { serveGraph } from './graph.ts';
import { serveMockApi } from './mock-api.ts';

export function createMockServer(): Server {
  const state = new MockState();
  const hooks = new WebhookQueue(state);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const served = url.pathname.startsWith('/mock/') ? serveMockApi(state, hooks, req, res, url.pathname) : serveGraph(state, hooks, req, res, url);
    served.catch((e: unknown) => {
      // A bug of the mock, never a refusal: say so in one line and answer 500.
      process.stderr.write(`mock-cloud-api: ${req.method} ${url.pathname}: ${e instanceof Error ? e.message : String(e)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
}
