import type { Fault } from './fault.ts';

// An off-by-one in a category table: every category is shown as its neighbour.
const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'];

export const fault: Fault = {
  name: 'pricing-category-wrong',
  description: 'The status `pricing.category` is not the category of the transport\'s billing notice.',
  seams: {
    statusPricing: (n) => {
      const i = CATEGORIES.indexOf(n.category);
      return { billable: n.billable, pricing_model: n.pricing_model, category: CATEGORIES[(i + 1) % CATEGORIES.length]! };
    },
  },
};
