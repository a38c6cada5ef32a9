// --openapi in a run: a bad file is one line and exit 2 before any case; a
// run without it is unchanged; with the tests' own description, a conforming
// target gets no warn and a seeded deviation of the answer's shape a warn
// naming the operation and the JSON pointer, never a fail.
import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../../harness/cli/conformance.ts';
import { startFakeGraphTarget } from '../fake-graph-target.ts';
import { FIXTURE } from './description.test.ts';

const capture = (): Output & { out_: () => string; err_: () => string } => {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), out_: () => out, err_: () => err };
};

// Meta's documented refusal of a bad token, with every field the harness's own SHOULDs look for.
const REFUSED = { error: { message: '(#190) Invalid OAuth access token.', type: 'OAuthException', code: 190, error_subcode: 463, error_data: { details: 'Invalid OAuth access token.' }, fbtrace_id: 'Aq9UjmtpXfzKtRPlCgXlzDf' } };
// The same, with one field of the wrong type: no rule of the suite looks at it, the description does.
const SEEDED = { error: { ...REFUSED.error, is_transient: 'no' } };

async function authRejected(t: { teardown(fn: () => unknown): void }, body: unknown, ...flags: string[]) {
  const target = await startFakeGraphTarget(() => ({ status: 401, json: body }));
  t.teardown(() => target.close());
  const o = capture();
  const dir = await mkdtemp(join(tmpdir(), 'cc-openapi-run-'));
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected', '--seed=1', `--report=${dir}`, ...flags], o);
  return { outcome, r: outcome.results[0]!, out: o.out_() };
}

t.test('a file that is no OpenAPI description: exit 2 and one line, before any case', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-openapi-bad-'));
  const notYaml = join(dir, 'not.yaml');
  await writeFile(notYaml, '{ "openapi": "3.1.0", paths: [unclosed\n');
  const notOpenapi = join(dir, 'package.json');
  await writeFile(notOpenapi, '{"name": "something", "version": "1.0.0"}');
  for (const [file, why] of [
    [notYaml, /neither JSON nor YAML/],
    [notOpenapi, /not an OpenAPI 3 description/],
    [join(dir, 'missing.yaml'), /no such file/],
  ] as const) {
    const o = capture();
    const outcome = await runConformance(['--case=GRAPH-send-response-shape', '--seed=1', `--openapi=${file}`], o);
    t.equal(outcome.exitCode, 2, file);
    t.same(outcome.results, []);
    t.equal(o.out_(), '', 'no case ran, no reference was started');
    t.match(o.err_(), new RegExp(`^cloudapi-conformance: --openapi=${file.replace(/[.]/g, '\\.')}: ${why.source}[^\\n]*\\n$`));
  }
});

t.test('certify judges by the suite\'s own rules: --openapi is refused there', async (t) => {
  const o = capture();
  const outcome = await runConformance([`--openapi=${FIXTURE}`], o, 'certify');
  t.equal(outcome.exitCode, 2);
  t.equal(o.err_(), "cloudapi-conformance: certify judges by the suite's own rules; drop --openapi (run it with npm test)\n");
});

t.test('a conforming answer: pass, as without --openapi, and the closing note counts what was judged', async (t) => {
  const plain = await authRejected(t, REFUSED);
  t.equal(plain.r.verdict, 'pass', plain.r.message ?? '');
  const judged = await authRejected(t, REFUSED, `--openapi=${FIXTURE}`);
  t.equal(judged.r.verdict, 'pass', judged.r.message ?? '');
  t.match(judged.out, /# OpenAPI [^\n]*messages\.openapi\.yaml \(cloudapi-conformance test description, OpenAPI 3\.1\.0\): 6 operations, read in \d+ ms; an answer unlike it is a SHOULD \(warn\), never a fail\n/);
  t.match(judged.out, /# OpenAPI [^\n]*: [1-9]\d* Graph answer\(s\) judged against [1-9] operation\(s\) \([^)]*\); 0 deviating/);
});

t.test('a seeded deviation of the answer\'s shape: warn naming the operation and the pointer; unchanged without --openapi', async (t) => {
  const plain = await authRejected(t, SEEDED);
  t.equal(plain.r.verdict, 'pass', 'the suite\'s own rules do not look at is_transient');
  const judged = await authRejected(t, SEEDED, `--openapi=${FIXTURE}`);
  t.equal(judged.r.verdict, 'warn', judged.r.message ?? '');
  t.equal(judged.outcome.exitCode, 0, 'a description is no MUST: the run passes');
  t.equal(judged.r.message, 'SHOULD not met: sendMessage (POST /{Version}/{Phone-Number-ID}/messages) answered 401 unlike its OpenAPI description at "/error/is_transient": must be boolean');
  t.equal(judged.r.actual, '"no"');
  t.match(judged.out, /# OpenAPI [^\n]*: \d+ Graph answer\(s\) judged against [1-9] operation\(s\) \([^)]*\); \d+ deviating \(SHOULD: warn, never fail\) in sendMessage\n/);
  t.match(judged.out, /replay: "npm test -- --target=[^"]* --openapi=[^"]*messages\.openapi\.yaml --case=GRAPH-auth-rejected --seed=1"/);
});

t.test('the embedded reference conforms to the tests\' own description', async (t) => {
  const o = capture();
  const dir = await mkdtemp(join(tmpdir(), 'cc-openapi-ref-'));
  const outcome = await runConformance(['--case=GRAPH-send-response-shape,GRAPH-error-envelope', '--seed=1', `--report=${dir}`, `--openapi=${FIXTURE}`], o);
  t.equal(outcome.exitCode, 0, o.err_());
  t.same(outcome.results.map((r) => `${r.id} ${r.verdict}`), ['GRAPH-error-envelope pass', 'GRAPH-send-response-shape pass']);
  t.match(o.out_(), /Graph answer\(s\) judged against [1-9] operation\(s\) \([^)]*\); 0 deviating/);
});
