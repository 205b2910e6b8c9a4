import { z } from 'zod';
import { ColorSchema } from '../imaging/color.js';
import { OperationSchema } from '../imaging/operations.js';
import { blobNameProblem, quoteBlobName, type BlobNameKind } from '../shared/blob-names.js';

/** The NATS job message: `{"task_id": ...}`, or `{"job_id": ...}` as the upstream README wrote it. */
export const JobMessageSchema = z
  .object({ task_id: z.string().min(1).optional(), job_id: z.string().min(1).optional() })
  .refine((m) => m.task_id !== undefined || m.job_id !== undefined, { message: 'needs "task_id" (or "job_id")' })
  .transform((m) => ({ taskId: (m.task_id ?? m.job_id)! }));

/** A bucket or key name, checked by the rule the blob-store provider applies (src/shared/blob-names.ts). */
const blobName = (kind: BlobNameKind) =>
  z.string().superRefine((name, ctx) => {
    const problem = blobNameProblem(name, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid ${kind} name ${quoteBlobName(name)}: ${problem}` });
  });

// Checked here, not only by the provider: a bad name fails the task before anything is read or written.
const BlobPathSchema = z.object({ bucket: blobName('bucket'), key: blobName('key') });

export const ImageSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('default-image') }),
  z.object({ type: z.literal('blobstore'), path: BlobPathSchema }),
  z.object({ type: z.literal('remote-https'), url: z.string().url() }),
]);

export const ImageDestinationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('blobstore'), path: BlobPathSchema }),
]);

/** The task's `data_json`: the upstream `ImageProcessingRequest`. */
export const ImageProcessingRequestSchema = z.object({
  source: ImageSourceSchema,
  destination: ImageDestinationSchema,
  image_format: z.string().nullish(),
  operations: z.array(OperationSchema).max(64),
  /** JPEG output quality, 1-100. Absent: a JPEG that only needs grayscale/rotate/flip keeps its own quantization (no re-encoding loss); given, such a job is requantized to it in the DCT domain; anything re-encoded uses 85. */
  quality: z.number().int().min(1).max(100).optional(),
  /** What transparent pixels become in a JPEG (default white). */
  background: ColorSchema.optional(),
});

export type ImageSource = z.infer<typeof ImageSourceSchema>;
export type ImageProcessingRequest = z.infer<typeof ImageProcessingRequestSchema>;

/** One line naming the field and the problem, for a task's failure reason. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseJobMessage(body: Uint8Array): { taskId: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new Error('job message is not JSON (expected {"task_id": "..."})');
  }
  const parsed = JobMessageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid job message: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function parseRequest(dataJson: string | undefined): ImageProcessingRequest {
  if (dataJson === undefined) throw new Error('the task has no data');
  let json: unknown;
  try {
    json = JSON.parse(dataJson);
  } catch {
    throw new Error('the task data is not JSON');
  }
  const parsed = ImageProcessingRequestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid image processing request: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
