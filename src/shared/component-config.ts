import { get } from 'wasi:config/runtime@0.2.0-draft';
import type { z } from 'zod';

/**
 * Reads a component's settings from `wasi:config/runtime` (wasmCloud: the
 * component's `config` in the manifest; the local host adds `<COMPONENT>_<KEY>`
 * from its environment), one key per field of `schema`, and validates them.
 * Call it on first use, not at module load: componentize-js pre-initialises
 * the module, when no config exists. An invalid value throws, naming the key.
 */
export function readComponentConfig<T extends z.ZodObject>(schema: T, component: string): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    let value: string | undefined;
    try {
      value = get(key);
    } catch {
      value = undefined; // a host without config support: defaults
    }
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid ${component} config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
