// Interactive messages: reply buttons (≤ 3, unique titles ≤ 20, ids ≤ 256),
// lists (button ≤ 20, ≤ 10 sections, ≤ 10 rows in all, row title ≤ 24,
// id ≤ 200, description ≤ 72) and cta_url; body ≤ 1,024, footer ≤ 60,
// text header ≤ 60.

import fc from 'fast-check';
import { limitedString } from './limited-string.ts';
import type { OutboundMessage } from './outbound-shape.ts';
import { INTERACTIVE_LIMITS } from '../harness/core/durations.ts';

const frame = fc.record(
  {
    body: limitedString({ max: INTERACTIVE_LIMITS.body }).map((text) => ({ text })),
    footer: limitedString({ max: INTERACTIVE_LIMITS.footer }).map((text) => ({ text })),
    header: limitedString({ max: INTERACTIVE_LIMITS.header }).map((text) => ({ type: 'text', text })),
  },
  { requiredKeys: ['body'] },
);

const buttons = fc
  .uniqueArray(limitedString({ max: INTERACTIVE_LIMITS.buttonTitle }), { minLength: 1, maxLength: INTERACTIVE_LIMITS.buttons })
  .chain((titles) =>
    fc.tuple(...titles.map(() => limitedString({ max: INTERACTIVE_LIMITS.buttonId }))).map((ids) => ({
      buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: ids[i]!, title } })),
    })),
  );

const row = fc.record({ id: limitedString({ max: INTERACTIVE_LIMITS.rowId }), title: limitedString({ max: INTERACTIVE_LIMITS.rowTitle }), description: limitedString({ max: INTERACTIVE_LIMITS.rowDescription }) }, { requiredKeys: ['id', 'title'] });
const list = fc
  .tuple(limitedString({ max: INTERACTIVE_LIMITS.listButton }), fc.array(fc.tuple(limitedString({ max: INTERACTIVE_LIMITS.sectionTitle }), fc.array(row, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 3 }))
  .map(([button, sections]) => ({ button, sections: sections.map(([title, rows]) => ({ title, rows })) }));

const cta = fc.tuple(limitedString({ max: INTERACTIVE_LIMITS.ctaText }), fc.webUrl({ validSchemes: ['https', 'http'] })).map(([display_text, url]) => ({ name: 'cta_url', parameters: { display_text, url } }));

export function interactiveMessage(): fc.Arbitrary<OutboundMessage> {
  return fc.tuple(frame, fc.oneof(buttons.map((action) => ({ type: 'button', action })), list.map((action) => ({ type: 'list', action })), cta.map((action) => ({ type: 'cta_url', action })))).map(([f, a]) => ({ type: 'interactive', payload: { type: a.type, ...f, action: a.action } }));
}
