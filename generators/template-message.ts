// Template messages: a name of [a-z0-9_], a language code, and optional body
// components with text parameters.

import fc from 'fast-check';
import { limitedString } from './limited-string.ts';
import type { OutboundMessage } from './outbound-shape.ts';

export function templateMessage(): fc.Arbitrary<OutboundMessage> {
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/);
  const language = fc.record({ code: fc.constantFrom('en_US', 'en', 'pt_BR', 'de', 'ar', 'zh_CN', 'hi'), policy: fc.constant('deterministic') }, { requiredKeys: ['code'] });
  const components = fc.array(
    fc.array(limitedString({ max: 60 }).map((text) => ({ type: 'text', text })), { minLength: 1, maxLength: 3 }).map((parameters) => ({ type: 'body', parameters })),
    { maxLength: 1 },
  );
  return fc.tuple(name, language, components).map(([n, l, c]) => ({ type: 'template', payload: c.length > 0 ? { name: n, language: l, components: c } : { name: n, language: l } }));
}
