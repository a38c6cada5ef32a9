// The reports a real run writes: report.json valid against its schema,
// junit.xml, index.html with no secret and no way to reach the network;
// --baseline deciding the exit code; certify's summary and digest.
import t from 'tap';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runConformance, type Output } from '../../../harness/cli/conformance.ts';
import { buildReport, writeReports } from '../../../harness/report/report-json.ts';
import { type Report } from '../../../harness/report/report.ts';
import { countVerdicts } from '../../../harness/core/result.ts';
import { certify } from '../../../harness/report/certification.ts';
import { INFO, SECRET, result } from './fixtures.ts';

const schema = JSON.parse(await readFile(new URL('../../../harness/report/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const FAULTY = ['--reference-fault=wa-id-keeps-plus', '--case=GRAPH-send-response-shape,E2E-outbound-decrypts-exactly', '--runs=2', '--seed=7'];

t.test('a failing run: valid report.json, junit.xml and index.html, the terminal pointing at them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-rep-'));
  const o = capture();
  const outcome = await runConformance([...FAULTY, `--report=${dir}`], o);
  t.equal(outcome.exitCode, 1);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.schema, '0.4');
  t.same(report.areas.map((a) => [a.area, a.pass, a.fail]), [['GRAPH', 0, 1], ['E2E', 1, 0]]);
  t.equal(report.selection, 'GRAPH-send-response-shape,E2E-outbound-decrypts-exactly');
  const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
  t.match(junit, /<testcase classname="cloudapi-conformance.GRAPH" name="GRAPH-send-response-shape - [^"]+" time="[\d.]+">\n\s+<failure message="contacts\[0\]\.wa_id is not digits only" type="MUST">/);
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  t.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  t.notMatch(html, /(src|href)="https?:/, 'no external resource');
  const text = o.text();
  t.match(text, `html: "${join(dir, 'index.html')}#case=GRAPH-send-response-shape"`);
  t.match(text, `# html: ${join(dir, 'index.html')}\n# junit: ${join(dir, 'junit.xml')}\nconformance: 1 passed, 1 failed, 0 skipped\n`);
  t.ok(text.endsWith('conformance: 1 passed, 1 failed, 0 skipped\n'), 'the closing line stays last');
});

t.test('the same seed against the same target gives the same digest', async (t) => {
  const a = await runConformance([...FAULTY, `--report=${await mkdtemp(join(tmpdir(), 'cc-rep-'))}`], capture());
  const b = await runConformance([...FAULTY, `--report=${await mkdtemp(join(tmpdir(), 'cc-rep-'))}`], capture());
  const digest = async (p: string | undefined) => (JSON.parse(await readFile(p!, 'utf8')) as Report).digest.value;
  t.equal(await digest(a.reportPath), await digest(b.reportPath));
});

t.test('--baseline: known failures do not fail the run, the unexpected do, each said apart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-rep-'));
  const known = join(dir, 'known.txt');
  await writeFile(known, '# known\nGRAPH-send-response-shape  # wa_id keeps the +\n');
  const o = capture();
  const ok = await runConformance([...FAULTY, `--baseline=${known}`, `--report=${dir}`], o);
  t.equal(ok.exitCode, 0, o.errors());
  t.match(o.text(), /not ok \d+ - GRAPH-send-response-shape - .* # TODO expected fail \(baseline: wa_id keeps the \+\)/);
  t.match(o.text(), /# baseline .*known\.txt: 1 expected failure\(s\), 0 unexpected failure\(s\), 0 unexpected pass\(es\)/);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.same(report.expectations?.expectedFailures, ['GRAPH-send-response-shape']);

  await writeFile(known, 'GRAPH-send-response-shape\nE2E-outbound-decrypts-exactly\n');
  const o2 = capture();
  const stale = await runConformance([...FAULTY, `--baseline=${known}`, `--report=${dir}`], o2);
  t.equal(stale.exitCode, 1, 'an unexpected pass fails the run');
  t.match(o2.text(), /#   unexpected pass: E2E-outbound-decrypts-exactly \(remove it from the baseline\)/);
  t.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /type="unexpected-pass"/);

  await writeFile(known, 'GRAPH-no-such-case\n');
  const o3 = capture();
  t.equal((await runConformance([...FAULTY, `--baseline=${known}`], o3)).exitCode, 2);
  t.match(o3.errors(), /^cloudapi-conformance: --baseline .*known\.txt line 1: no case has id "GRAPH-no-such-case" \(see --list\)\n$/);
  const o4 = capture();
  t.equal((await runConformance([...FAULTY, `--baseline=${join(dir, 'missing.txt')}`], o4)).exitCode, 2);
  t.match(o4.errors(), /cannot read .*missing\.txt: ENOENT/);
});

t.test('secrets never reach any report file, even ones the writers did not filter', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-rep-'));
  const leaky = result('GRAPH-a', 'fail', { actual: `token ${SECRET} echoed` });
  const report = buildReport(INFO, countVerdicts([leaky]), [leaky], { certification: certify(INFO, [leaky]) });
  t.equal(report.target.url, 'https://vendor.example/api', 'no user info or query in the URL');
  const files = await writeReports(dir, report, (s) => s.split(SECRET).join('[Filtered]'));
  for (const f of [files.json, files.junit, files.html]) {
    const text = await readFile(f, 'utf8');
    t.notMatch(text, SECRET, f);
    t.notMatch(text, 'pw@', f);
    t.match(text, 'token [Filtered] echoed', f);
  }
  t.ok(validate(JSON.parse(await readFile(files.json, 'utf8'))), JSON.stringify(validate.errors));
});

t.test('certify: the whole suite, the summary on the terminal and in certification.json', async (t) => {
  const o = capture();
  t.equal((await runConformance(['--case=GRAPH-*'], o, 'certify')).exitCode, 2);
  t.match(o.errors(), /certify runs every case; drop --case/);

  const dir = await mkdtemp(join(tmpdir(), 'cc-cert-'));
  const c = capture();
  const outcome = await runConformance(['--runs=1', `--report=${dir}`], c, 'certify');
  t.equal(outcome.exitCode, 0, c.text() + c.errors());
  const cert = JSON.parse(await readFile(join(dir, 'certification.json'), 'utf8')) as { level: string; seed: number; digest: { value: string } };
  t.equal(cert.seed, 20261122, 'a fixed default seed');
  // The reference declares every capability of protocol v0 (graph.settings and graph.media.inbound included) and passes every case.
  t.equal(cert.level, 'Full');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.certification?.digest.value, cert.digest.value);
  t.equal(report.digest.value, cert.digest.value, 'the run digest and the certificate agree');
  t.match(c.text(), new RegExp(`#   level:        Full\\n#   digest:       sha256:${cert.digest.value}\\n`));
  t.match(await readFile(join(dir, 'index.html'), 'utf8'), /data-testid="level">Full</);
  t.match(c.text(), /\nconformance: \d+ passed, 0 failed, \d+ skipped\n$/);
});
