// StrykerJS mutates the reference and judges every mutant by the conformance
// suite, through the test runner in harness/mutation/. Run it with
// `npm run mutation` (harness/cli/mutation.ts), which sets `mutate`,
// `incremental`, `concurrency` and `conformance.runs` from its flags.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'cloudapi-conformance',
  // Plain TypeScript: the CLI runs under tsx, and Stryker's workers load tsx first (the node args).
  plugins: ['./harness/mutation/stryker-plugin.ts'],
  testRunnerNodeArgs: ['--import', 'tsx'],
  checkerNodeArgs: ['--import', 'tsx'],
  // Which cases execute which mutant, measured in the reference process by harness/mutation/coverage-hook.mjs.
  coverageAnalysis: 'perTest',
  mutate: ['reference/**/*.ts', '!reference/faults/**'],
  // The sandbox needs the reference, the harness, the cases and what they read (corpus/, docs/).
  ignorePatterns: ['/reports', '/test', '/.github', '/.ci', '/examples', '/tmp', '*.log'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Each mutant's run starts a reference and a harness: two busy processes.
  concurrency: 1,
  // The dry run starts one reference per case (coverage per case): minutes, not seconds.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 10_000,
  timeoutFactor: 1.5,
  // A fresh worker now and then keeps the harness's memory flat over hundreds of sessions.
  maxTestRunnerReuse: 200,
  reporters: ['html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  conformance: { runs: 3, seed: 1 },
};
