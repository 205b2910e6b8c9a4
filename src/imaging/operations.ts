import { z } from 'zod';
import { ColorSchema, TRANSPARENT } from './color.js';

/**
 * The operations a job may ask for, in the upstream JSON shape
 * (`{"type": "kebab-case", ...}`, applied in order). Unknown fields are
 * refused, so a typo is reported instead of silently ignored.
 */
const size = z.number().int().positive();
const factor = z.number().min(0).max(100);

export const OperationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('no-op') }),
  z.strictObject({ type: z.literal('grayscale') }),
  z
    .strictObject({
      type: z.literal('resize'),
      width_px: size.optional(),
      height_px: size.optional(),
      filter: z.enum(['nearest', 'bilinear', 'lanczos3', 'area']).default('lanczos3'),
      fit: z.enum(['inside', 'fill', 'cover', 'contain']).default('inside'),
      background: ColorSchema.default(TRANSPARENT),
    })
    .refine((op) => op.width_px !== undefined || op.height_px !== undefined, {
      message: 'resize needs width_px, height_px or both',
      path: ['width_px'],
    }),
  z.strictObject({ type: z.literal('thumbnail'), size }),
  z.strictObject({
    type: z.literal('crop'),
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    width: size,
    height: size,
  }),
  z.strictObject({ type: z.literal('rotate'), degrees: z.union([z.literal(90), z.literal(180), z.literal(270)]) }),
  z.strictObject({ type: z.literal('flip'), direction: z.enum(['horizontal', 'vertical']) }),
  // sigma is capped so a blur stays close to a Gaussian: above ~2.6 it runs as three box passes (ops/blur.ts).
  z.strictObject({ type: z.literal('blur'), sigma: z.number().min(0.3).max(20) }),
  z.strictObject({
    type: z.literal('sharpen'),
    sigma: z.number().min(0.3).max(10).default(1),
    amount: z.number().min(0).max(10).default(1),
  }),
  z.strictObject({ type: z.literal('brightness'), factor }),
  z.strictObject({ type: z.literal('contrast'), factor }),
  z.strictObject({ type: z.literal('invert') }),
  z.strictObject({ type: z.literal('threshold'), level: z.number().int().min(0).max(255) }),
  z.strictObject({ type: z.literal('black-and-white') }),
]);

export type Operation = z.infer<typeof OperationSchema>;
