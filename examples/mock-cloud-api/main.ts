// npx tsx examples/mock-cloud-api/main.ts --port=0
// Starts the mock Cloud API server on 127.0.0.1 (or --host) and prints its URL
// on the first line of stdout.

import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createMockServer } from './server.ts';

const USAGE = `usage: npx tsx examples/mock-cloud-api/main.ts [--port=N] [--host=ADDRESS]

A small mock of the WhatsApp Cloud API (Graph API and signed webhooks) with
its own simulation API under /mock/ (see examples/mock-cloud-api/README.md).

  --port=N         port to listen on, 0 picks a free one (default 8080)
  --host=ADDRESS   address to listen on (default 127.0.0.1)
  --help           this text

Prints "mock-cloud-api listening on http://HOST:PORT" once it accepts
connections. Exit codes: 0 stopped by SIGINT/SIGTERM or --help, 1 the server
failed while running, 2 bad flags or the port cannot be used.`;

function fail(message: string, code: 1 | 2 = 2): never {
  process.stderr.write(`mock-cloud-api: ${message}\n`);
  process.exit(code);
}

let values: { port?: string; host?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
} catch (e) {
  fail(`${e instanceof Error ? e.message : String(e)} (see --help)`);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port ?? '8080');
if (!/^\d+$/.test(values.port ?? '8080') || port > 65535) fail(`--port must be 0 to 65535, got "${values.port}"`);

const server = createMockServer();
let listening = false;
server.on('error', (e) => fail(e.message, listening ? 1 : 2));
server.listen(port, values.host ?? '127.0.0.1', () => {
  listening = true;
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  process.stdout.write(`mock-cloud-api listening on http://${host}:${a.port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
