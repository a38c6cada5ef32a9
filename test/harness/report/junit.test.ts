import t from 'tap';
import { junitXml, xmlEscape } from '../../../harness/report/junit.ts';
import type { Expectation } from '../../../harness/report/expectations.ts';
import { result } from './fixtures.ts';

t.test('junit.xml: a suite per area, failures, errors, skips, warn as passing with output', async (t) => {
  const xml = junitXml('cloudapi-conformance', [result('GRAPH-a', 'fail'), result('GRAPH-b', 'pass'), result('HOOK-c', 'n/a'), result('HOOK-d', 'error'), result('E2E-e', 'warn')]);
  t.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="cloudapi-conformance" tests="5" failures="1" errors="1" skipped="1"/);
  t.match(xml, /<testsuite name="GRAPH" tests="2" failures="1" errors="0" skipped="0"/);
  t.match(xml, /<failure message="GRAPH-a broke" type="MUST">requirement \(MUST\): clause of GRAPH-a &lt;b&gt;&amp;&lt;\/b&gt;/);
  t.match(xml, /replay: npm test -- --case=GRAPH-a --seed=42 --path=0:1/);
  t.match(xml, /<skipped message="n\/a: target does not declare tls"\/>/);
  t.match(xml, /<system-out>WARN: SHOULD not met/);
  t.notMatch(xml, /<script>/, 'markup in actual values is escaped');
});

t.test('with a baseline: expected failures skipped, unexpected passes failed', async (t) => {
  const exp = (r: { id: string }): Expectation => (r.id === 'GRAPH-a' ? 'expected-fail' : r.id === 'GRAPH-b' ? 'unexpected-pass' : 'pass');
  const xml = junitXml('s', [result('GRAPH-a', 'fail'), result('GRAPH-b', 'pass')], exp);
  t.match(xml, /<skipped message="expected failure \(baseline\): fail: GRAPH-a broke"\/>/);
  t.match(xml, /<failure message="unexpected pass: the baseline lists this case as failing" type="unexpected-pass"\/>/);
});

t.test('characters XML cannot carry are shown, not written', async (t) => {
  t.equal(xmlEscape('a\u0000b\u001bc"<'), 'a\\x00b\\x1bc&quot;&lt;');
});
