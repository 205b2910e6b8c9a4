import { z } from 'zod';

/**
 * The operations a job may ask for, in the upstream JSON shape:
 * `{"type": "kebab-case", ...}`, applied in order.
 */
export const OperationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('no-op') }),
  z.object({ type: z.literal('grayscale') }),
  z
    .object({
      type: z.literal('resize'),
      width_px: z.number().int().positive().optional(),
      height_px: z.number().int().positive().optional(),
    })
    .refine((op) => op.width_px !== undefined || op.height_px !== undefined, {
      message: 'resize needs width_px, height_px or both',
    }),
]);

export type Operation = z.infer<typeof OperationSchema>;
