import { GraphError } from '../graph-errors.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'self-send-as-invalid',
  description: 'A send to the business\'s own number is answered 131009 (invalid value) instead of 131021 (recipient cannot be sender).',
  seams: { answerError: (e) => (e.code === 131021 ? new GraphError(131009, e.details) : e) },
};
