// npm run minimal-target -- --port=8080 --control-token=T
// (or: node --import tsx examples/minimal-target/main.ts …)
// Starts the minimal target on 127.0.0.1 (or --host) and prints where it listens.

import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createTarget } from './server.ts';

function fail(message: string): never {
  process.stderr.write(`minimal-target: ${message}\n`);
  process.exit(2);
}

let values: { port?: string; host?: string; 'control-token'?: string };
try {
  ({ values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, 'control-token': { type: 'string' } }, strict: true }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const token = values['control-token'] ?? process.env.CLOUDAPI_CONTROL_TOKEN;
if (!token) fail('--control-token=T is required (the bearer token of the control plane)');
const port = Number(values.port ?? '8080');
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0 to 65535, got "${values.port}"`);

const server = createTarget(token);
server.on('error', (e) => fail(e.message));
server.listen(port, values.host ?? '127.0.0.1', () => {
  const a = server.address() as AddressInfo;
  process.stdout.write(`minimal-target listening on http://${a.address}:${a.port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
