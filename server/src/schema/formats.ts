// The string/number formats the API server itself enforces when decoding.
// Unknown formats (e.g. "email" in CRDs) are annotations only, as in the API server.

/** resource.Quantity: <sign><number><suffix>, suffix binary SI, decimal SI or exponent. */
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$/;
/** RFC 3339 date-time as Go's time.RFC3339 parses it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** Standard base64 with padding; Go's decoder skips \r and \n. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isQuantity(value: string | number): boolean {
  return typeof value === 'number' ? Number.isFinite(value) : QUANTITY.test(value);
}

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value);
}

export function isBase64(value: string): boolean {
  return BASE64.test(value.replace(/[\r\n]/g, ''));
}

/** int64 is not checked: YAML integers beyond 2^53 already lose precision in JavaScript. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
