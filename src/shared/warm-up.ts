/**
 * Subject of a message that asks a worker instance to warm itself up (see
 * src/worker/warm-up.ts); shared by the worker and the local host.
 */
export const WARM_UP_SUBJECT = 'wasmcloud.image-processor.warm-up';
