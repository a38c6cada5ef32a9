// The conformance run, from flags to exit code. Used by `npm test` and
// `npm run conformance`; selfcheck calls it once per fault.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, usage, type ConformanceArgs } from './args.ts';
import { loadCases, selectCases } from '../core/registry.ts';
import { runCase } from '../core/runner.ts';
import { countVerdicts, exitCodeFor, type CaseResult } from '../core/result.ts';
import { isHarnessError } from '../core/errors.ts';
import { LogSwitch } from '../core/wire-log.ts';
import { SecretRegistry } from '../core/secrets.ts';
import type { RunEnvironment } from '../core/environment.ts';
import type { ConformanceCase } from '../core/case.ts';
import { TargetClient } from '../target/target-client.ts';
import { ControlPlane, PROTOCOL_VERSION, type TargetIdentity } from '../target/control-plane.ts';
import { PROJECT_ROOT, startReference, type ReferenceProcess } from '../target/reference-process.ts';
import { HarnessServer } from '../parties/harness-server.ts';
import { MockTransport } from '../parties/transport.ts';
import { WebhookReceivers } from '../parties/webhook-receiver.ts';
import { Sinks } from '../parties/sinks.ts';
import { tapHeader, tapPoint, tapSummary } from '../report/tap.ts';
import { writeReport } from '../report/report-json.ts';

export const SUITE_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface ConformanceOutcome {
  exitCode: 0 | 1 | 2;
  results: CaseResult[];
  reportPath?: string;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function listCases(cases: ConformanceCase[], o: Output): void {
  for (const c of cases) {
    o.out(`${c.id}  [${c.severity}] ${c.title}\n`);
    o.out(`    clause: "${c.clause.text}" (${c.clause.source})\n`);
    o.out(`    requires: ${c.requires.join(', ') || 'nothing'}; catches: ${c.faults.join(', ')}\n`);
  }
  o.out(`${cases.length} cases\n`);
}

function replayCommand(args: ConformanceArgs) {
  return (c: ConformanceCase, seed: number, path: string | undefined): string => {
    const parts = ['npm test --'];
    if (args.target && args.controlToken) parts.push(`--target=${args.target}`, '--control-token=[Filtered]');
    else if (args.target) parts.push(`--target=${args.target}`);
    if (args.token) parts.push('--token=[Filtered]', `--phone-number-id=${args.phoneNumberId}`);
    if (args.to) parts.push(`--to=${args.to}`);
    if (args.referenceFault) parts.push(`--reference-fault=${args.referenceFault}`);
    parts.push(`--case=${c.id}`, `--seed=${seed}`);
    if (path) parts.push(`--path=${path}`);
    return parts.join(' ');
  };
}

export async function runConformance(argv: readonly string[], o: Output = stdio): Promise<ConformanceOutcome> {
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

  const all = await loadCases();
  const cases = selectCases(all, args.case);
  if (args.list) {
    listCases(cases, o);
    return { exitCode: 0, results: [] };
  }
  if (cases.length === 0) {
    o.err(`cloudapi-conformance: no case matches --case=${args.case} (see --list)\n`);
    return { exitCode: 2, results: [] };
  }

  const secrets = new SecretRegistry();
  secrets.add(args.controlToken);
  secrets.add(args.token);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  const results: CaseResult[] = [];
  let reference: ReferenceProcess | undefined;
  let server: HarnessServer | undefined;
  let url = args.target;
  let declared = new Set<string>();
  let identity: TargetIdentity | null = null;
  let env: RunEnvironment | undefined;
  const startedAt = new Date().toISOString();

  // Writes what was recorded so far; called on every path that ran a case.
  const finish = async (): Promise<string> =>
    writeReport(
      args.report ?? join(PROJECT_ROOT, 'reports', `${startedAt.replace(/[:.]/g, '-')}-seed${seed}`),
      {
        suite: { name: 'cloudapi-conformance', version: SUITE_VERSION },
        protocol: PROTOCOL_VERSION,
        target: { url: reference ? 'embedded reference' : (url ?? ''), implementation: identity?.implementation ?? null, embedded: !!reference, fault: args.referenceFault },
        capabilities: [...declared].sort(),
        seed,
        runs: args.runs,
        startedAt,
        finishedAt: new Date().toISOString(),
      },
      countVerdicts(results),
      results,
    );

  try {
    let controlToken = args.controlToken;
    if (!url) {
      reference = await startReference({ fault: args.referenceFault });
      url = reference.url;
      controlToken = reference.controlToken;
      secrets.add(controlToken);
    }
    const logs = new LogSwitch();
    server = new HarnessServer(logs, { listenHost: args.listenHost, listenPort: args.listenPort, publicUrl: args.publicUrl });
    const transport = new MockTransport();
    const receivers = new WebhookReceivers();
    server.use(...transport.handlers(), ...receivers.handlers(), ...new Sinks().handlers());
    await server.start();

    const client = new TargetClient(url, logs);
    const control = new ControlPlane(client, controlToken);
    identity = await control.discover();
    // Without a control plane the Graph API is all there is, and only with a business the user gave.
    declared = new Set<string>(identity?.capabilities ?? (args.token ? ['graph.messages'] : []));
    if ([...declared].some((c) => c.startsWith('control.'))) declared.add('control.provision');
    env = {
      client,
      control,
      identity,
      declared,
      graphVersion: identity?.graphVersions[0] ?? 'v23.0',
      server,
      transport,
      receivers,
      logs,
      secrets,
      given: args.token && args.phoneNumberId ? { accessToken: args.token, phoneNumberId: args.phoneNumberId, to: args.to } : undefined,
    };

    const who = identity ? `${identity.implementation.name} ${identity.implementation.version}` : 'no control plane';
    const fault = args.referenceFault ? ` with fault ${args.referenceFault}` : '';
    o.out(tapHeader(`cloudapi-conformance ${SUITE_VERSION} (protocol ${PROTOCOL_VERSION}) against ${reference ? 'the embedded reference' : url} (${who})${fault}; seed ${seed}; ${cases.length} cases`));
    const options = { seed, runs: args.runs, path: args.path, caseTimeoutMs: args.caseTimeoutMs, replay: replayCommand(args) };
    for (const c of cases) {
      const r = await runCase(c, env, options);
      results.push(r);
      o.out(tapPoint(results.length, r));
    }
    const reportPath = await finish();
    o.out(tapSummary(results.length, countVerdicts(results), reportPath));
    return { exitCode: exitCodeFor(results), results, reportPath };
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    let saved = '';
    if (results.length > 0) saved = ` (${results.length} finished case(s) kept in ${await finish()})`;
    o.err(`cloudapi-conformance: ${secrets.redact(e.message)}${saved}\n`);
    return { exitCode: 2, results };
  } finally {
    env?.client.close();
    await server?.stop();
    await reference?.stop();
  }
}

