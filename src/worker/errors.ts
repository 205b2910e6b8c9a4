/**
 * Text of anything thrown across the component boundary. Imports that return
 * `result::err` throw an object whose `payload` is the WIT error value (a
 * string, or a variant such as `{tag: 'unexpected', val: '...'}`).
 */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const value = 'payload' in error ? (error as { payload: unknown }).payload : error;
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const variant = value as { tag?: unknown; val?: unknown };
      if (typeof variant.tag === 'string') return variant.val === undefined ? variant.tag : `${variant.tag}: ${errorText(variant.val)}`;
    }
    if (error instanceof Error) return error.message;
  }
  return String(error);
}
