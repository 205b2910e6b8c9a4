/**
 * Work buffers kept from one call to the next. A fresh buffer is zeroed and,
 * until the collector next runs, takes new linear memory, which the instance
 * never gives back (measured in the component: ~1 ms per MB from fresh memory,
 * ~0.1 ms per MB once freed memory is reused); a resize's temporaries (the
 * widened source, the pass between, the sums) are about half of what a
 * 12 MP -> 320 job allocates. Buffers up to MAX_KEPT doubles (2 MB) are kept,
 * at most one per slot; larger ones are allocated each time.
 *
 * A slot's buffer is valid until the next request for that slot: callers
 * must be synchronous and must not return it (copy the result out).
 */
const MAX_KEPT = 1 << 18;

const kept: (Float64Array | undefined)[] = [];

/** `length` doubles for slot `slot`, with arbitrary contents. */
export function scratchFloat64(slot: number, length: number): Float64Array {
  if (length > MAX_KEPT) return new Float64Array(length);
  let buffer = kept[slot];
  if (!buffer || buffer.length < length) kept[slot] = buffer = new Float64Array(length);
  return buffer.subarray(0, length);
}
