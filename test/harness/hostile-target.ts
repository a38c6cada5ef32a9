// A hostile target for the harness's own tests: a loopback front that
// misbehaves on the requests it chooses (drips bytes, never ends a body,
// answers garbage, floods webhooks) and passes the rest to an embedded
// reference, when there is one behind it.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Return true when the request was answered (badly); false passes it on. */
export type Misbehaviour = (req: IncomingMessage, body: Buffer, res: ServerResponse) => boolean;

export interface HostileTarget {
  url: string;
  close(): Promise<void>;
}

export async function startHostileTarget(misbehave: Misbehaviour, upstream?: string): Promise<HostileTarget> {
  const sockets = new Set<Socket>();
  const up = upstream ? new URL(upstream) : undefined;
  const front: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (misbehave(req, body, res)) return;
      if (!up) {
        res.statusCode = 404;
        return void res.end();
      }
      const p = request({ hostname: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      p.on('error', () => res.destroy());
      p.end(body);
    });
  });
  front.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        front.close(() => r());
      }),
  };
}

/** Answers 200 and then one byte a second, for ever: no idle timeout ever fires. */
export function drip(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), 1_000);
  res.on('close', () => clearInterval(timer));
}

/** Answers 200 with a body that never ends, as fast as the harness reads it. */
export function endlessBody(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let open = true;
  res.on('close', () => void (open = false));
  const pump = () => {
    while (open && res.write(chunk));
    if (open) res.once('drain', pump);
  };
  pump();
}

export const isPath = (req: IncomingMessage, method: string, path: string) => req.method === method && (req.url ?? '').split('?')[0] === path;
