// The `errors` array of a failed status (docs/cloud-api-rules.md#webhook-statuses: `statuses[].errors`,
// each `{code, title, message, error_data{details}, href}`).

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `errors` is not a documented status errors array, or null when it is. */
export function statusErrorsProblem(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty array';
  for (const [i, e] of errors.entries()) {
    if (!isObject(e)) return `errors[${i}] is not an object`;
    if (typeof e.code !== 'number' || !Number.isInteger(e.code)) return `errors[${i}].code is not an integer`;
    if (typeof e.title !== 'string' || e.title === '') return `errors[${i}].title is not a non-empty string`;
    if (e.message !== undefined && typeof e.message !== 'string') return `errors[${i}].message is not a string`;
    if (!isObject(e.error_data) || typeof e.error_data.details !== 'string') return `errors[${i}].error_data.details is not a string`;
  }
  return null;
}
