/**
 * An error caused by the input (a broken image, an unsupported format, a bad
 * parameter, a limit exceeded), as opposed to a bug or an infrastructure
 * failure. Its message is meant for the person who submitted the job.
 */
export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}
