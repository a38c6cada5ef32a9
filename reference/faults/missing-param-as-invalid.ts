import { GraphError } from '../graph-errors.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'missing-param-as-invalid',
  description: 'A missing required parameter is answered 131009 (invalid value) instead of 131008 (required parameter missing).',
  seams: { answerError: (e) => (e.code === 131008 ? new GraphError(131009, e.details) : e) },
};
