// The conformance run, from flags to exit code. Used by `npm test` and
// `npm run conformance`; selfcheck calls it once per fault.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, usage, type ConformanceArgs } from './args.ts';
import { loadCases, selectCases } from '../run/registry.ts';
import { runCases } from '../run/run-cases.ts';
import type { Abort } from '../core/result.ts';
import { countVerdicts, exitCodeFor, type CaseResult } from '../core/result.ts';
import { isHarnessError } from '../core/errors.ts';
import { SecretRegistry, withoutUserinfo } from '../core/secrets.ts';
import type { RunEnvironment } from '../run/environment.ts';
import type { ConformanceCase } from '../core/case.ts';
import { PROTOCOL_VERSION, type TargetIdentity } from '../target/control-plane.ts';
import { PROJECT_ROOT, type ReferenceProcess } from '../target/reference-process.ts';
import { openSession, type Session } from '../run/session.ts';
import { abortedCounts, abortedText, tapHeader, tapPoint, tapSummary } from '../report/tap.ts';
import { buildReport, writeReports, type ReportFiles } from '../report/report-json.ts';
import { type RunInfo } from '../report/report.ts';
import { exitCodeWithBaseline, expectationOf, loadBaseline, summarize, type Baseline } from '../report/expectations.ts';
import { reportDirProblem } from '../report/report-dir.ts';
import { certificationText, certify, inLevelScope, LEVELS, type Certification } from '../report/certification.ts';
import { loadDescription } from '../openapi/description.ts';
import { CONSUMER_PATH_NAMES } from '../parties/consumer-party.ts';
import { ResponseJudge } from '../openapi/response-judge.ts';

export const SUITE_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface ConformanceOutcome {
  exitCode: 0 | 1 | 2;
  results: CaseResult[];
  reportPath?: string;
  files?: ReportFiles;
  certification?: Certification;
}

/** `certify` runs the whole suite with a fixed default seed and adds the certification summary. */
export type RunMode = 'run' | 'certify';

/** The default seed of `npm run certify`, so two certifications compare without agreeing on one. */
export const CERTIFY_SEED = 20261122;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function listCases(all: ConformanceCase[], o: Output, level?: string): void {
  const def = LEVELS.find((l) => l.name === level);
  const cases = def ? all.filter((c) => inLevelScope(def, c)) : all;
  if (def) o.out(`level ${def.name}: capabilities ${def.capabilities.join(', ')}\n`);
  for (const c of cases) {
    o.out(`${c.id}  [${c.severity}] ${c.title}\n`);
    o.out(`    clause: "${c.clause.text}" (${c.clause.source})\n`);
    o.out(`    requires: ${c.requires.join(', ') || 'nothing'}; catches: ${c.faults.join(', ')}\n`);
  }
  o.out(`${cases.length} cases${def ? ` in the scope of ${def.name}` : ''}\n`);
}

function replayCommand(args: ConformanceArgs) {
  return (c: ConformanceCase, seed: number, path: string | undefined): string => {
    const parts = ['npm test --'];
    if (args.target && args.controlToken) parts.push(`--target=${withoutUserinfo(args.target)}`, '--control-token=[Filtered]');
    else if (args.target) parts.push(`--target=${withoutUserinfo(args.target)}`);
    if (args.token) parts.push('--token=[Filtered]', `--phone-number-id=${args.phoneNumberId}`);
    for (const b of args.businesses.slice(args.token ? 1 : 0)) parts.push(`--business=[Filtered],${b.phoneNumberId}${b.wabaId ? `,${b.wabaId}` : ''}`);
    for (const to of args.recipients) parts.push(`--to=${to}`);
    if (args.graphOnly) parts.push('--graph-only');
    if (args.adapter) parts.push(`--adapter=${args.adapter}`);
    if (args.consumer) parts.push(`--consumer=${args.consumer}`);
    if (args.graphVersion) parts.push(`--graph-version=${args.graphVersion}`);
    if (args.referenceFault) parts.push(`--reference-fault=${args.referenceFault}`);
    if (args.openapi) parts.push(`--openapi=${args.openapi}`);
    parts.push(`--case=${c.id}`, `--seed=${seed}`);
    if (path) parts.push(`--path=${path}`);
    return parts.join(' ');
  };
}

export async function runConformance(argv: readonly string[], o: Output = stdio, mode: RunMode = 'run'): Promise<ConformanceOutcome> {
  let args: ConformanceArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    o.err(`cloudapi-conformance: ${e.message}\n`);
    return { exitCode: 2, results: [] };
  }
  if (args.help) {
    o.out(usage() + '\n');
    return { exitCode: 0, results: [] };
  }

  if (mode === 'certify') {
    // A certificate speaks for the whole suite: a selection or one replayed path would not.
    const partial = args.case !== undefined ? '--case' : args.path !== undefined ? '--path' : args.list ? '--list' : args.shard ? '--shard' : undefined;
    if (partial) {
      o.err(`cloudapi-conformance: certify runs every case; drop ${partial}\n`);
      return { exitCode: 2, results: [] };
    }
    // A certificate judges by the suite's rules alone: a description of the user's choosing would make two incomparable.
    if (args.openapi !== undefined) {
      o.err('cloudapi-conformance: certify judges by the suite\'s own rules; drop --openapi (run it with npm test)\n');
      return { exitCode: 2, results: [] };
    }
    args.seed ??= CERTIFY_SEED;
  }

  const all = await loadCases();
  const selected = selectCases(all, args.case);
  // Shard i of n takes every n-th case of the selection: disjoint, together the whole, same seed.
  const cases = args.shard ? selected.filter((_, i) => i % args.shard!.count === args.shard!.index - 1) : selected;
  let baseline: Baseline | undefined;
  if (args.baseline !== undefined) {
    try {
      baseline = await loadBaseline(args.baseline, new Set(all.map((c) => c.id)));
    } catch (e) {
      if (!isHarnessError(e)) throw e;
      o.err(`cloudapi-conformance: ${e.message}\n`);
      return { exitCode: 2, results: [] };
    }
  }
  if (args.list) {
    listCases(cases, o, args.level);
    return { exitCode: 0, results: [] };
  }
  if (cases.length === 0) {
    if (args.shard && selected.length > 0) {
      o.out(`conformance: 0 passed, 0 failed, 0 skipped (shard ${args.shard.index}/${args.shard.count} has no case)\n`);
      return { exitCode: 0, results: [] };
    }
    o.err(`cloudapi-conformance: no case matches --case=${args.case} (see --list)\n`);
    return { exitCode: 2, results: [] };
  }

  // Read before any case: a file that is no OpenAPI description is one line and exit 2.
  let judge: ResponseJudge | undefined;
  let described = '';
  if (args.openapi !== undefined) {
    try {
      const description = await loadDescription(args.openapi);
      judge = new ResponseJudge(description);
      const refs = description.unresolvedRefs > 0 ? `; ${description.unresolvedRefs} $ref(s) point nowhere, their schemas are not judged` : '';
      described = `OpenAPI ${description.file} (${description.title ?? 'untitled'}, OpenAPI ${description.version}): ${description.operations.length} operations, read in ${description.loadMs} ms${refs}; an answer unlike it is a SHOULD (warn), never a fail`;
    } catch (e) {
      if (!isHarnessError(e)) throw e;
      o.err(`cloudapi-conformance: ${e.message}\n`);
      return { exitCode: 2, results: [] };
    }
  }

  const secrets = new SecretRegistry();
  secrets.add(args.controlToken);
  secrets.add(args.token);
  for (const b of args.businesses) secrets.add(b.accessToken);
  secrets.addUrl(args.target);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  const results: CaseResult[] = [];
  let session: Session | undefined;
  let reference: ReferenceProcess | undefined;
  let url = args.target;
  let declared = new Set<string>();
  let identity: TargetIdentity | null = null;
  let env: RunEnvironment | undefined;
  const startedAt = new Date().toISOString();
  const reportDir = args.report ?? join(PROJECT_ROOT, 'reports', `${mode === 'certify' ? 'certify-' : ''}${startedAt.replace(/[:.]/g, '-')}-seed${seed}`);
  const htmlFile = join(reportDir, 'index.html');
  const expectation = baseline ? (r: CaseResult) => expectationOf(r, baseline) : undefined;
  let certification: Certification | undefined;
  let aborted: Abort | undefined;
  const reportProblem = reportDirProblem(reportDir);
  if (reportProblem) return (o.err(`cloudapi-conformance: ${reportProblem}\n`), { exitCode: 2, results: [] });

  // Writes what was recorded so far; called on every path that ran a case.
  const finish = async (): Promise<ReportFiles> => {
    const info: RunInfo = {
      suite: { name: 'cloudapi-conformance', version: SUITE_VERSION },
      protocol: PROTOCOL_VERSION,
      target: { url: reference ? 'embedded reference' : (url ?? ''), implementation: identity?.implementation ?? null, embedded: !!reference, fault: args.referenceFault, ...(env ? { consumer: env.consumerPath } : {}) },
      capabilities: [...declared].sort(),
      seed,
      runs: args.runs,
      ...(args.case !== undefined ? { selection: args.case } : {}),
      ...(args.shard ? { shard: `${args.shard.index}/${args.shard.count}` } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
      ...(aborted ? { aborted } : {}),
    };
    if (mode === 'certify') certification = certify(info, results);
    const report = buildReport(info, countVerdicts(results), results, {
      expectation,
      expectations: baseline ? summarize(results, baseline) : undefined,
      certification,
    });
    const files = await writeReports(reportDir, report, (s) => secrets.redact(s));
    if (certification) {
      await writeFile(join(reportDir, 'certification.json'), secrets.redact(JSON.stringify(certification, null, 2)) + '\n');
    }
    return files;
  };

  try {
    session = await openSession({ ...args, secrets, onGraphAnswer: judge?.observe });
    reference = session.reference;
    url = session.url;
    env = session.env;
    identity = env.identity;
    declared = env.declared as Set<string>;

    const who = identity ? `${identity.implementation.name} ${identity.implementation.version}` : args.graphOnly ? 'Graph-only' : 'no control plane';
    const fault = args.referenceFault ? ` with fault ${args.referenceFault}` : '';
    o.out(tapHeader(`cloudapi-conformance ${SUITE_VERSION} (protocol ${PROTOCOL_VERSION}) against ${reference ? 'the embedded reference' : url} (${who})${fault}; consumers: ${CONSUMER_PATH_NAMES[env.consumerPath]}; seed ${seed}; ${cases.length} cases`));
    for (const note of session.notes) o.out(`# ${secrets.redact(note)}\n`);
    if (described) o.out(`# ${described}\n`);
    const options = { seed, runs: args.runs, path: args.path, caseTimeoutMs: args.caseTimeoutMs, replay: replayCommand(args) };
    const point = (r: CaseResult, notRun = false) =>
      tapPoint(results.length, r, { notRun, expectation: expectation?.(r), reason: baseline?.known.get(r.id), html: r.verdict === 'pass' || r.verdict === 'n/a' ? undefined : `${htmlFile}#case=${r.id}` });
    aborted = await runCases(cases, env, options, (r, notRun) => {
      results.push(r);
      o.out(point(r, notRun));
    });
    const files = await finish();
    o.out(
      tapSummary(results.length, countVerdicts(results), files.json, {
        html: files.html,
        junit: files.junit,
        expectations: baseline ? summarize(results, baseline) : undefined,
        notes: [aborted ? abortedText(aborted, results) : '', certification ? certificationText(certification) : '', judge ? secrets.redact(judge.summary()) : ''].join('') || undefined,
      }),
    );
    if (aborted) {
      o.err(`cloudapi-conformance: the run stopped at ${aborted.case}: ${aborted.reason} (${abortedCounts(aborted, results)}; reports in ${reportDir})\n`);
      return { exitCode: 2, results, reportPath: files.json, files, certification };
    }
    const exitCode = baseline ? exitCodeWithBaseline(results, baseline) : exitCodeFor(results);
    return { exitCode, results, reportPath: files.json, files, certification };
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    let saved = '';
    if (results.length > 0) saved = ` (${results.length} finished case(s) kept in ${(await finish()).json})`;
    o.err(`cloudapi-conformance: ${secrets.redact(e.message)}${saved}\n`);
    return { exitCode: 2, results };
  } finally {
    await session?.close();
  }
}

