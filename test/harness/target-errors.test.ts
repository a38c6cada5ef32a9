// Every way an exchange with the target can fail gets its own wording and the
// step as data: "cannot reach" only when it never answered at all.
import t from 'tap';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TargetClient } from '../../harness/target/target-client.ts';
import { ControlPlane } from '../../harness/target/control-plane.ts';
import { LogSwitch } from '../../harness/core/wire-log.ts';
import { HarnessError, describeStep } from '../../harness/core/errors.ts';

async function serve(t: { teardown(fn: () => unknown): void }, handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new TargetClient(url, new LogSwitch());
  const stop = () => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  t.teardown(() => {
    client.close();
    return server.listening ? stop() : undefined;
  });
  return { url, client, stop };
}

const failure = async (p: Promise<unknown>): Promise<HarnessError> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof HarnessError)) throw new Error(`expected a HarnessError, got ${String(e)}`);
  return e;
};

t.test('nothing listening from the start: cannot reach', async (t) => {
  const client = new TargetClient('http://127.0.0.1:1', new LogSwitch());
  t.teardown(() => client.close());
  const e = await failure(client.request('control', 'GET', '/conformance/v0/capabilities'));
  t.equal(e.code, 'HARNESS_TARGET_UNREACHABLE');
  t.equal(e.message, 'Cannot reach target http://127.0.0.1:1: connection refused (GET /conformance/v0/capabilities)');
  t.same(e.step, { channel: 'control', method: 'GET', path: '/conformance/v0/capabilities', transport: { failure: 'refused', detail: 'connection refused' } });
});

t.test('a target that answered, then stopped listening: it stopped accepting connections', async (t) => {
  // Connection: close, so the next request opens a connection rather than reusing one the server closed.
  const { url, client, stop } = await serve(t, (_req, res) => res.writeHead(200, { connection: 'close' }).end('{}'));
  t.equal((await client.request('graph', 'GET', '/v23.0/1')).status, 200);
  await stop();
  const e = await failure(client.request('graph', 'POST', '/v23.0/1/messages?secret=x', { json: {} }));
  t.match(e.message, new RegExp(`^Target ${url} stopped accepting connections: connection refused \\(POST /v23\\.0/1/messages\\)$`), 'the query is left out');
  t.equal(e.step?.path, '/v23.0/1/messages');
  t.equal(e.step?.transport?.failure, 'refused');
  t.notMatch(e.message, /Cannot reach/);
});

t.test('a connection dropped before the answer: dropped, not unreachable', async (t) => {
  const { url, client } = await serve(t, (req) => req.socket.destroy());
  const e = await failure(client.request('graph', 'POST', '/v23.0/1/messages', { json: {} }));
  t.equal(e.message, `Target ${url} dropped the connection before answering POST /v23.0/1/messages (connection reset)`);
  t.equal(e.step?.transport?.failure, 'reset');
  t.equal(describeStep(e.step!), 'POST /v23.0/1/messages -> connection reset');
});

t.test('no answer in time: it hung on that call', async (t) => {
  const { url, client } = await serve(t, () => {});
  const e = await failure(client.request('control', 'POST', '/conformance/v0/idle', { json: {}, timeoutMs: 200 }));
  t.equal(e.message, `Target ${url} hung on POST /conformance/v0/idle: no answer within 0.2 s`);
  t.equal(e.step?.transport?.failure, 'timeout');
});

t.test('a control plane answering a 5xx: the protocol error carries status and body excerpt', async (t) => {
  const { client } = await serve(t, (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(`<html>\n  <body>${'x'.repeat(400)}</body></html>`);
  });
  const e = await failure(new ControlPlane(client, 'ctl').reset({ transport: { url: 'http://h/t', token: 't' }, sinks: { telemetry: 'http://h/s', ads: 'http://h/a' } }));
  t.equal(e.code, 'HARNESS_TARGET_PROTOCOL');
  t.equal(e.step?.status, 502);
  t.equal(e.step?.method, 'POST');
  t.equal(e.step?.path, '/conformance/v0/reset');
  t.match(e.step?.body, /^<html> <body>x+…$/);
  t.equal(e.step?.body?.length, 161, 'an excerpt, not the body');
  t.match(describeStep(e.step!), /^POST \/conformance\/v0\/reset -> HTTP 502: <html> <body>x+…$/);
});
