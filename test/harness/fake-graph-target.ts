// A fake Graph-only target with no reference behind it: every Graph request
// gets the answer the test scripts (or none at all), the control plane and
// the transport endpoint answer 404, as on a server without them. The
// phone number's own read, which the run makes once to check --token before
// any case, is answered 200 as for the right token and not counted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer = { status: number; json: unknown } | 'hang';

export interface FakeGraphTarget {
  url: string;
  token: string;
  phoneNumberId: string;
  /** Graph requests received, method and path. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeGraphTarget(answer: (method: string, path: string) => FakeAnswer): Promise<FakeGraphTarget> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    req.resume();
    if (path.startsWith('/conformance/') || path.startsWith('/transport/')) {
      res.statusCode = 404;
      return void res.end();
    }
    if (req.method === 'GET' && /^\/v\d+\.\d+\/\d+(\?|$)/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ id: path.split(/[/?]/)[2], verified_name: 'Fake Business', display_phone_number: '+1 555 0100' }));
    }
    requests.push(`${req.method} ${path}`);
    const a = answer(req.method ?? 'GET', path);
    if (a === 'hang') return; // never answered; close() drops the socket
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.json));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 'EAAFakeTokenForTheFakeTarget0123456789',
    phoneNumberId: '106540352242922',
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
