// A target that floods webhooks fails the webhook case, and the harness's
// memory and report stay bounded; an endless body and garbage are protocol
// errors (exit 2), not a hang or an out-of-memory.
import t from 'tap';
import { request, Agent } from 'node:http';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { startReference } from '../../harness/target/reference-process.ts';
import { hubSignature } from '../../harness/parties/webhook-receiver.ts';
import { WEBHOOK_FLOOD_BASE } from '../../harness/verify/webhook-flood.ts';
import { EVIDENCE_KEEP } from '../../harness/report/evidence.ts';
import { endlessBody, isPath, startHostileTarget } from './hostile-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

/** POSTs signed webhooks to `url` on `lanes` connections until stopped; resolves once `count` were answered. */
function flood(url: string, appSecret: string, count: number, lanes = 16): { reached: Promise<void>; stop(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: lanes });
  const u = new URL(url);
  let answered = 0;
  let stopped = false;
  let reached!: () => void;
  const done = new Promise<void>((r) => (reached = r));
  const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', statuses: [{ id: 'wamid.flood', status: 'sent' }] } }] }] }));
  const signature = hubSignature(appSecret, body);
  const lane = () => {
    if (stopped) return;
    const req = request(
      { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-hub-signature-256': signature } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (++answered === count) reached();
          lane();
        });
      },
    );
    req.on('error', () => setTimeout(lane, 50));
    req.end(body);
  };
  for (let i = 0; i < lanes; i++) lane();
  return {
    reached: done,
    stop: () => {
      stopped = true;
      agent.destroy();
    },
  };
}

t.test('a webhook flood: the webhook case fails naming it, memory and report stay bounded', async (t) => {
  const reference = await startReference();
  t.teardown(() => reference.stop());
  const floods: Array<{ stop(): void }> = [];
  t.teardown(() => floods.forEach((f) => f.stop()));
  const target = await startHostileTarget((req, body, res) => {
    if (!isPath(req, 'POST', '/conformance/v0/businesses')) return false;
    // Provisioned: flood the new business's webhook endpoint, and answer once the flood is well past the limit.
    const business = JSON.parse(body.toString('utf8')) as { webhook_url: string; app_secret: string };
    const f = flood(business.webhook_url, business.app_secret, WEBHOOK_FLOOD_BASE + 4_000);
    floods.push(f);
    void f.reached.then(() => {
      const up = request(reference.url + req.url, { method: 'POST', headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.end(body);
    });
    return true;
  }, reference.url);
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-flood-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--control-token=${reference.controlToken}`, '--case=HOOK-inbound-text-exact', '--seed=1', '--runs=2', `--report=${dir}`], o);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  t.equal(outcome.exitCode, 1, o.errors());
  t.equal(outcome.results[0]?.verdict, 'fail');
  t.match(outcome.results[0]?.message, /flooded the webhook endpoints/);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { cases: Array<{ evidence?: unknown[] }> };
  t.ok(report.cases[0]!.evidence!.length <= 2 * EVIDENCE_KEEP + 1, 'evidence keeps the first and last exchanges only');
  t.ok((await stat(join(dir, 'report.json'))).size < 8 * 1024 * 1024, 'a report of sane size');
  t.ok(rssMb < 600, `the run stays under 600 MB (RSS ${Math.round(rssMb)} MB)`);
});

t.test('an endless answer body: exit 2, one line, no out-of-memory', async (t) => {
  const target = await startHostileTarget((req, _body, res) => isPath(req, 'GET', '/conformance/v0/capabilities') && (endlessBody(res), true));
  t.teardown(() => target.close());
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, '--control-token=endless-token', `--report=${await mkdtemp(join(tmpdir(), 'cc-endless-'))}`], o);
  t.equal(outcome.exitCode, 2);
  t.equal(o.errors().trim().split('\n').length, 1);
  t.match(o.errors(), /sent an answer larger than 16 MiB \(GET \/conformance\/v0\/capabilities\)/);
});

t.test('garbage from the clock during world set-up: exit 2, one line', async (t) => {
  const reference = await startReference();
  t.teardown(() => reference.stop());
  const target = await startHostileTarget((req, _body, res) => {
    if (!isPath(req, 'GET', '/conformance/v0/clock')) return false;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.from([0xff, 0x00, 0x9c, 0x42]));
    return true;
  }, reference.url);
  t.teardown(() => target.close());
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--control-token=${reference.controlToken}`, '--case=GRAPH-send-response-shape', '--seed=1', `--report=${await mkdtemp(join(tmpdir(), 'cc-garbage-'))}`], o);
  t.equal(outcome.exitCode, 2);
  t.equal(o.errors().trim().split('\n').length, 1);
  t.match(o.errors(), /answered GET \/conformance\/v0\/clock with HTTP 200, expected \{"now_ms": <number>\}/);
});
