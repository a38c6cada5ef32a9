// The HTML report in a real browser (headless Chromium, installed by .ci/run):
// a failing run's page shows the same numbers as report.json and opens a
// failing case down to its wire evidence; a synthetic 10,000-case page stays
// usable; the page makes no request and its CSP refuses one.
import t from 'tap';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runConformance } from '../../../harness/cli/conformance.ts';
import { PROJECT_ROOT } from '../../../harness/target/reference-process.ts';
import { buildReport, writeReports } from '../../../harness/report/report-json.ts';
import { type Report } from '../../../harness/report/report.ts';
import { countVerdicts } from '../../../harness/core/result.ts';
import { INFO, manyResults } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(PROJECT_ROOT, 'reports', 'browser-test');
const VERDICTS = ['pass', 'fail', 'warn', 'n/a', 'error'] as const;

if (!existsSync(CHROMIUM)) {
  t.test('the HTML report in headless Chromium', { skip: `${CHROMIUM} is absent: install Debian's chromium (CI's .ci/run does) to run the browser test` }, () => {});
} else {
  let browser: Browser;
  t.before(async () => {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  t.teardown(() => browser?.close());

  /** Opens a report page, noting every request that is not the file itself and every console error. */
  async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]');
    return { page, requests, errors };
  }

  async function isPng(file: string): Promise<boolean> {
    const head = (await readFile(file)).subarray(0, 8);
    return head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  }

  t.test('a failing run: the summary matches report.json, a failing case opens down to the wire', async (t) => {
    const dir = join(OUT, 'failing-run');
    const outcome = await runConformance(
      ['--reference-fault=wa-id-keeps-plus', '--case=GRAPH-send-response-shape,E2E-outbound-decrypts-exactly', '--runs=2', '--seed=11', `--report=${dir}`],
      { out: () => {}, err: () => {} },
    );
    t.equal(outcome.exitCode, 1);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    const { page, requests, errors } = await open(join(dir, 'index.html'));

    for (const a of report.areas) {
      for (const v of VERDICTS) t.equal(await page.textContent(`[data-testid="count-${a.area}-${v}"]`), String(a[v]), `${a.area} ${v}`);
    }
    for (const v of VERDICTS) t.equal(await page.textContent(`[data-testid="count-all-${v}"]`), String(report.counts[v]), `all ${v}`);
    t.equal(await page.textContent('[data-testid="count-all-total"]'), String(report.cases.length));
    t.equal(await page.textContent('[data-testid="overall"]'), 'FAIL');
    t.equal(await page.textContent('[data-testid="implementation"]'), `${report.target.implementation!.name} ${report.target.implementation!.version}`);
    t.match(await page.textContent('[data-testid="seed"]'), /^11 \(2 runs per property\)/);

    const failing = report.cases.find((c) => c.verdict === 'fail')!;
    const row = page.locator(`[data-case="${failing.id}"]`);
    t.equal(await row.locator('[data-testid="detail"]').count(), 0, 'details are built only when opened');
    await row.locator('button.head').click();
    t.equal(await row.locator('button.head').getAttribute('aria-expanded'), 'true');
    t.equal(await row.locator('[data-testid="expected"]').textContent(), failing.expected);
    t.equal(await row.locator('[data-testid="actual"]').textContent(), failing.actual);
    t.equal(await row.locator('[data-testid="counterexample"]').textContent(), failing.counterexample);
    t.equal(await row.locator('[data-testid="replay"]').textContent(), failing.replay);
    const exchange = row.locator('[data-testid="wire"] details').first();
    await exchange.locator('summary').click();
    t.ok(await exchange.locator('pre').first().isVisible(), 'an exchange opens to its bodies');
    t.match(await exchange.textContent(), 'Bearer [Filtered]');

    const shot = join(OUT, 'failing-run.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.ok(await isPng(shot), `screenshot saved: ${shot}`);

    // The CSP is the proof the page cannot reach the network, even if asked to.
    const refused = await page.evaluate(() => fetch('http://127.0.0.1:9/').then(() => 'fetched', (e: Error) => `refused: ${e.message}`));
    t.match(refused, /^refused/);
    t.same(requests, [], 'no request left the page');
    t.same(
      errors.filter((e) => !/Content Security Policy|Failed to fetch/.test(e)),
      [],
      'no script error',
    );
    t.ok(errors.length <= 2, 'only the refused fetch complained');
    await page.close();
  });

  t.test('10,000 cases: the page renders a page of them, filters, pages and opens a case', async (t) => {
    const dir = join(OUT, 'synthetic-10000');
    const results = manyResults(10_000);
    await writeReports(dir, buildReport(INFO, countVerdicts(results), results), (s) => s);
    const { page, requests, errors } = await open(join(dir, 'index.html'));

    t.equal(await page.textContent('[data-testid="count-all-total"]'), '10000');
    t.match(await page.textContent('[data-testid="shown"]'), /^1–100 of 10000 shown/);
    t.equal(await page.locator('[data-testid="case-list"] .case').count(), 100, 'one page rendered, not ten thousand rows');

    const fails = results.filter((r) => r.verdict === 'fail').length;
    await page.selectOption('[data-testid="filter-verdict"]', 'fail');
    t.match(await page.textContent('[data-testid="shown"]'), new RegExp(`^1–100 of ${fails} shown`));
    await page.click('[data-testid="next"]');
    t.match(await page.textContent('[data-testid="shown"]'), new RegExp(`^101–200 of ${fails} shown`));
    const row = page.locator('[data-testid="case-list"] .case').first();
    await row.locator('button.head').click();
    t.equal(await row.locator('[data-testid="expected"]').textContent(), 'wa_id of digits');
    t.match(await row.locator('[data-testid="actual"]').textContent(), '</script><script>alert(1)</script>', 'markup in data shows as text');
    const links = row.locator('blockquote .hint a');
    t.equal(await links.count(), 1, 'the https page of the clause source is a link, nothing else is');
    t.equal(await links.first().getAttribute('href'), 'https://developers.facebook.com/docs/graph-api/guides/error-handling');
    t.equal(await row.locator('blockquote .hint').textContent(), results[0]!.clause.source, 'the source reads as written');

    // A number in the summary table lists exactly those cases.
    const hookWarn = results.filter((r) => r.id.startsWith('HOOK-') && r.verdict === 'warn').length;
    await page.click('[data-testid="count-HOOK-warn"] button');
    t.match(await page.textContent('[data-testid="shown"]'), new RegExp(`of ${hookWarn} shown`));
    await page.fill('[data-testid="search"]', 'HOOK-synthetic-9');
    await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-testid="shown"]')!.textContent ?? '') && document.querySelectorAll('[data-testid="case-list"] .case').length < 100);
    t.ok((await page.locator('[data-testid="case-list"] .case').count()) > 0, 'search narrows the list');

    await page.screenshot({ path: join(OUT, 'synthetic-10000.png') });
    t.ok(await isPng(join(OUT, 'synthetic-10000.png')));
    t.same(requests, []);
    t.same(errors, []);
    await page.close();
  });
}
