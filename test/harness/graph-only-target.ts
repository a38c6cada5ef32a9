// A tiny Graph-only target: the reference behind a front that answers 404 to
// the control plane and the transport endpoint, with one business provisioned
// out of band, the way a user's own pre-provisioned number would be.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUSINESS, Kit } from '../reference/harness-kit.ts';

export interface GraphOnlyTarget {
  url: string;
  token: string;
  phoneNumberId: string;
  close(): Promise<void>;
}

/**
 * `broken`: every Graph call answers 500, to show failures still count.
 * `crashAfterPosts`: after that many POSTs the front drops every connection and stops listening.
 */
export async function startGraphOnlyTarget({ broken = false, crashAfterPosts = Infinity } = {}): Promise<GraphOnlyTarget> {
  const kit = await Kit.start();
  await kit.resetAndProvision();
  const upstream = new URL(kit.reference.url);
  let posts = 0;
  const front: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'POST' && ++posts > crashAfterPosts) {
      front.close();
      return void front.closeAllConnections();
    }
    if (path.startsWith('/conformance/') || path.startsWith('/transport/')) {
      res.statusCode = 404;
      req.resume();
      return void res.end();
    }
    if (broken) {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end('oops');
    }
    const up = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    token: BUSINESS.access_token,
    phoneNumberId: BUSINESS.phone_number_id,
    close: async () => {
      await new Promise<void>((r) => {
        front.close(() => r());
        front.closeAllConnections();
      });
      await kit.stop();
    },
  };
}
