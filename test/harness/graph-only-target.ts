// A tiny Graph-only target: the reference behind a front that answers 404 to
// the control plane and the transport endpoint, with one business provisioned
// out of band, the way a user's own pre-provisioned number would be.
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUSINESS, Kit } from '../reference/harness-kit.ts';

export interface GraphOnlyTarget {
  url: string;
  token: string;
  phoneNumberId: string;
  /** A second business the target knows, with `twoBusinesses`. */
  second?: { token: string; phoneNumberId: string };
  close(): Promise<void>;
}

export interface GraphOnlyOptions {
  /** Every Graph call answers 500, to show failures still count. */
  broken?: boolean;
  /** After that many POSTs the front drops every connection and stops listening. */
  crashAfterPosts?: number;
  /** How the front answers the control plane (default: 404, as a server without one). */
  control?: (res: ServerResponse) => void;
  /** The one Graph API version the front serves (default v23.0, the reference's); any other answers 404. */
  serveVersion?: string;
  /** Provision a second business beside the first. */
  twoBusinesses?: boolean;
}

const SECOND = { ...BUSINESS, waba_id: '102290129340399', phone_number_id: '106540352242923', display_phone_number: '15550783882', access_token: 'EAAGsecondtoken', app_secret: 'app-secret-2' };

const notFound = (res: ServerResponse) => {
  res.statusCode = 404;
  res.end();
};

export async function startGraphOnlyTarget({ broken = false, crashAfterPosts = Infinity, control = notFound, serveVersion = 'v23.0', twoBusinesses = false }: GraphOnlyOptions = {}): Promise<GraphOnlyTarget> {
  const kit = await Kit.start();
  await kit.resetAndProvision();
  if (twoBusinesses) {
    const made = await kit.control('POST', '/businesses', { ...SECOND, webhook_url: kit.hooks.url });
    if (made.status !== 201) throw new Error(`provision failed: ${JSON.stringify(made)}`);
  }
  const upstream = new URL(kit.reference.url);
  let posts = 0;
  const front: Server = createServer((req, res) => {
    let path = req.url ?? '/';
    if (req.method === 'POST' && ++posts > crashAfterPosts) {
      front.close();
      return void front.closeAllConnections();
    }
    if (path.startsWith('/conformance/')) {
      req.resume();
      return control(res);
    }
    if (path.startsWith('/transport/')) {
      req.resume();
      return notFound(res);
    }
    const version = /^\/(v\d+\.\d+)\//.exec(path)?.[1];
    if (version !== undefined) {
      if (version !== serveVersion) {
        req.resume();
        return notFound(res);
      }
      path = path.replace(`/${version}/`, '/v23.0/');
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
    ...(twoBusinesses ? { second: { token: SECOND.access_token, phoneNumberId: SECOND.phone_number_id } } : {}),
    close: async () => {
      await new Promise<void>((r) => {
        front.close(() => r());
        front.closeAllConnections();
      });
      await kit.stop();
    },
  };
}
