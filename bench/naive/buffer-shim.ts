/**
 * The two `Buffer` calls jpeg-js makes, on typed arrays. Injected by the
 * bundler into the naive baseline worker (and probes), which have no Node `Buffer`.
 */
export const Buffer = {
  from: (bytes: ArrayLike<number>): Uint8Array => Uint8Array.from(bytes),
  alloc: (size: number): Uint8Array => new Uint8Array(size),
};
