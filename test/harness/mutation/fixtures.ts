// A small hand-made Stryker JSON report (mutation-testing-report schema): two
// reference modules, every status that counts differently.
import type { MutationReport, ReportMutant } from '../../../harness/mutation/scores.ts';

const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 5 } });
const m = (id: string, status: ReportMutant['status'], line: number, mutatorName = 'ConditionalExpression', replacement = 'false'): ReportMutant => ({
  id,
  mutatorName,
  replacement,
  status,
  location: at(line, 3),
});

export const REPORT: MutationReport = {
  schemaVersion: '2',
  files: {
    'reference/outbox.ts': {
      mutants: [
        m('1', 'Killed', 10),
        m('2', 'Killed', 11),
        m('3', 'Timeout', 12, 'BlockStatement', '{}'),
        m('4', 'Survived', 40, 'EqualityOperator', 'a <=\n   b'),
        m('5', 'NoCoverage', 50, 'StringLiteral', '""'),
        { ...m('6', 'Ignored', 60), statusReason: 'equivalent: the loop ends either way' },
      ],
    },
    'reference/opaque-data.ts': {
      mutants: [m('7', 'Killed', 5), m('8', 'Survived', 3, 'OptionalChaining', 'row.data'), m('9', 'RuntimeError', 8)],
    },
    'reference/types.ts': { mutants: [] },
  },
};
