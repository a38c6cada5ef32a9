import { GraphError } from '../graph-errors.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'auth-error-as-400',
  description: 'A missing or invalid access token is answered 400 (#100) instead of 401 (#190 / #0).',
  seams: { answerError: (e) => (e.code === 190 || e.code === 0 ? new GraphError(100, e.details) : e) },
};
