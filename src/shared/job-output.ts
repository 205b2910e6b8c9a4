import { z } from 'zod';

/**
 * What a job wrote, as the worker reports it in replies and done events and
 * the task manager stores on the task: one definition for both sides.
 */
export const JobOutputSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  format: z.string(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
}).strict();

export type JobOutput = z.infer<typeof JobOutputSchema>;
