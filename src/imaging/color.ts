import { z } from 'zod';

/** A colour as `"#rrggbb"`, `"#rrggbbaa"` or `{r, g, b, a?}` (0-255). */
export const ColorSchema = z.union([
  z
    .string()
    .regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'expected "#rrggbb" or "#rrggbbaa"')
    .transform((hex) => ({
      r: parseInt(hex.slice(1, 3), 16),
      g: parseInt(hex.slice(3, 5), 16),
      b: parseInt(hex.slice(5, 7), 16),
      a: hex.length === 9 ? parseInt(hex.slice(7, 9), 16) : 255,
    })),
  z.strictObject({
    r: z.number().int().min(0).max(255),
    g: z.number().int().min(0).max(255),
    b: z.number().int().min(0).max(255),
    a: z.number().int().min(0).max(255).default(255),
  }),
]);

export type Color = z.infer<typeof ColorSchema>;

export const WHITE: Color = { r: 255, g: 255, b: 255, a: 255 };
export const TRANSPARENT: Color = { r: 0, g: 0, b: 0, a: 0 };
