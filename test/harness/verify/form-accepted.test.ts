// A send in a documented form: accepted like any send; 131047 passes only
// when the recipient's window is unknown.
import t from 'tap';
import { expectFormAccepted } from '../../../harness/verify/form-accepted.ts';
import { CaseFailure } from '../../../harness/core/errors.ts';
import type { TargetResponse } from '../../../harness/target/target-client.ts';

const answer = (status: number, json: unknown): TargetResponse => ({ status, headers: {}, body: Buffer.from(JSON.stringify(json)), json });
const OK = answer(200, { messaging_product: 'whatsapp', contacts: [{ input: '+44 7700-900123', wa_id: '447700900123' }], messages: [{ id: 'wamid.x' }] });
const WINDOW = answer(400, { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, fbtrace_id: 'x' } });
const FORM = { what: 'a punctuated to', to: '+44 7700-900123', waId: '447700900123' };

t.test('accepted: the message id', async (t) => {
  t.equal(expectFormAccepted(OK, FORM), 'wamid.x');
});

t.test('131047 is no verdict on the form only when the window is unknown', async (t) => {
  t.equal(expectFormAccepted(WINDOW, { ...FORM, windowUnknown: true }), undefined);
  t.throws(() => expectFormAccepted(WINDOW, FORM), CaseFailure);
});

t.test('a refusal or another wa_id fails', async (t) => {
  t.throws(() => expectFormAccepted(answer(400, { error: { code: 100, type: 'OAuthException', message: 'bad to' } }), { ...FORM, windowUnknown: true }), /refused: Meta documents this form as accepted/);
  t.throws(() => expectFormAccepted(OK, { ...FORM, waId: '447700900124' }), CaseFailure);
});
