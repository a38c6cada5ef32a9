import t from 'tap';
import { statusErrorsProblem } from '../../../harness/verify/status-errors.ts';

const good = { code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'x' } };

t.test('a documented errors array passes, message optional', async (t) => {
  t.equal(statusErrorsProblem([good]), null);
  const { message: _m, ...withoutMessage } = good;
  t.equal(statusErrorsProblem([withoutMessage]), null);
});

t.test('each broken rule is named', async (t) => {
  t.match(statusErrorsProblem(undefined), /non-empty array/);
  t.match(statusErrorsProblem([]), /non-empty array/);
  t.match(statusErrorsProblem(['x']), /errors\[0\] is not an object/);
  t.match(statusErrorsProblem([{ ...good, code: '131026' }]), /code is not an integer/);
  t.match(statusErrorsProblem([{ ...good, title: '' }]), /title/);
  t.match(statusErrorsProblem([{ ...good, message: 7 }]), /message is not a string/);
  t.match(statusErrorsProblem([{ ...good, error_data: {} }]), /details/);
});
