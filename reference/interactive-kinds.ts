import { invalid, missing } from './graph-errors.ts';
import { isObject, type JsonObject } from './http.ts';

// The interactive kinds beyond button, list and cta_url (message-content.ts):
// those the InteractiveObject of Meta's OpenAPI description lists (product,
// product_list, catalog_message, flow, call_permission_request) and location
// request messages (docs/cloud-api-rules.md#interactive-types). Checked
// leniently: the fields the description requires, nothing it leaves open.

const chars = (s: string): number => [...s].length;

function text(o: JsonObject, field: string, path: string, max: number, required: boolean): void {
  const v = o[field];
  if (v === undefined) {
    if (required) throw missing(`${path}.${field}`);
    return;
  }
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${path}.${field}`, 'must be a non-empty string.');
  if (chars(v) > max) throw invalid(`${path}.${field}`, `must be at most ${max} characters (got ${chars(v)}).`);
}

function object(o: JsonObject, field: string, path: string, required: boolean): JsonObject | undefined {
  const v = o[field];
  if (v === undefined) {
    if (required) throw missing(`${path}.${field}`);
    return undefined;
  }
  if (!isObject(v)) throw invalid(`${path}.${field}`, 'must be an object.');
  return v;
}

/** body.text and footer.text, each optional unless `bodyRequired`. */
function frame(m: JsonObject, bodyRequired: boolean): JsonObject {
  const body = object(m, 'body', 'interactive', bodyRequired);
  if (body) text(body, 'text', 'interactive.body', 1024, true);
  const footer = object(m, 'footer', 'interactive', false);
  if (footer) text(footer, 'text', 'interactive.footer', 60, true);
  return object(m, 'action', 'interactive', true)!;
}

function named(action: JsonObject, name: string): void {
  if (action.name === undefined) throw missing('interactive.action.name');
  if (action.name !== name) throw invalid('interactive.action.name', `must be "${name}".`);
}

function productSections(action: JsonObject): void {
  const sections = action.sections;
  if (sections === undefined) throw missing('interactive.action.sections');
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) throw invalid('interactive.action.sections', 'must be an array of 1 to 10 sections.');
  let items = 0;
  sections.forEach((s, i) => {
    const p = `interactive.action.sections[${i}]`;
    if (!isObject(s)) throw invalid(p, 'must be an object.');
    text(s, 'title', p, 24, sections.length > 1);
    const list = s.product_items;
    if (!Array.isArray(list) || list.length < 1) throw invalid(`${p}.product_items`, 'must be a non-empty array.');
    list.forEach((item, j) => {
      if (!isObject(item)) throw invalid(`${p}.product_items[${j}]`, 'must be an object.');
      text(item, 'product_retailer_id', `${p}.product_items[${j}]`, 256, true);
    });
    items += list.length;
  });
  if (items > 30) throw invalid('interactive.action.sections', `may hold at most 30 products in total (got ${items}).`);
}

export const INTERACTIVE_KINDS: Record<string, (m: JsonObject) => void> = {
  product: (m) => {
    const action = frame(m, false);
    text(action, 'catalog_id', 'interactive.action', 256, true);
    text(action, 'product_retailer_id', 'interactive.action', 256, true);
  },
  product_list: (m) => {
    const action = frame(m, false);
    text(action, 'catalog_id', 'interactive.action', 256, true);
    productSections(action);
  },
  catalog_message: (m) => {
    const action = frame(m, false);
    named(action, 'catalog_message');
    const parameters = object(action, 'parameters', 'interactive.action', false);
    if (parameters) text(parameters, 'thumbnail_product_retailer_id', 'interactive.action.parameters', 256, false);
  },
  flow: (m) => {
    const action = frame(m, false);
    named(action, 'flow');
    const p = object(action, 'parameters', 'interactive.action', true)!;
    const path = 'interactive.action.parameters';
    text(p, 'flow_message_version', path, 8, true);
    text(p, 'flow_cta', path, 30, true);
    if ((p.flow_id === undefined) === (p.flow_name === undefined)) throw invalid(path, 'must have exactly one of flow_id or flow_name.');
    text(p, p.flow_id === undefined ? 'flow_name' : 'flow_id', path, 256, true);
    if (p.mode !== undefined && p.mode !== 'draft' && p.mode !== 'published') throw invalid(`${path}.mode`, 'must be "draft" or "published".');
    if (p.flow_action !== undefined && p.flow_action !== 'navigate' && p.flow_action !== 'data_exchange') throw invalid(`${path}.flow_action`, 'must be "navigate" or "data_exchange".');
    object(p, 'flow_action_payload', path, false);
  },
  call_permission_request: (m) => named(frame(m, false), 'call_permission_request'),
  location_request_message: (m) => named(frame(m, true), 'send_location'),
};
