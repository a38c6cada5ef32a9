// The target's one HTTP server and its three surfaces (PROTOCOL.md preamble):
// the Graph API under /{version}/, the control plane under /conformance/v0/,
// the transport endpoint under /transport/v0/.

import { createServer, type Server } from 'node:http';
import { handleControl, type Target } from './control.ts';
import { handleGraph } from './graph.ts';
import { sendJson } from './http.ts';
import { handleTransport } from './inbound.ts';
import { World } from './world.ts';

export function createTarget(controlToken: string): Server {
  const target: Target = { world: new World(Date.now(), undefined), controlToken };
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://target').pathname;
    const world = target.world;
    const handled = path.startsWith('/conformance/')
      ? handleControl(target, req, res, path)
      : path.startsWith('/transport/')
        ? handleTransport(world, req, res, path)
        : handleGraph(world, req, res, path.split('/').filter(Boolean));
    handled.catch((e: unknown) => {
      // A bug of ours, never the client's fault: a 500, and the server carries on.
      console.error(`minimal-target: ${req.method} ${path}: ${e instanceof Error ? e.stack : String(e)}`);
      if (res.headersSent) return void res.destroy();
      // Each surface answers in its own error shape: Graph errors on the Graph API, {code, message} elsewhere.
      if (path.startsWith('/conformance/') || path.startsWith('/transport/')) sendJson(res, 500, { error: { code: 'internal', message: 'the target failed' } });
      else sendJson(res, 500, { error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000, error_data: { messaging_product: 'whatsapp', details: 'the target failed' }, fbtrace_id: 'minimal' } });
    });
  });
}
