#!/bin/sh
# Freezes the JPEG entropy / transform code of a commit into bench/probe/baseline (ignored by git),
# for same-process A/B timings against the working tree with rot-ab.ts:
#   sh bench/probe/freeze-baseline.sh <commit>
#   node --no-liftoff bench/probe/cpu.mjs bench/probe/rot-ab.ts <jpeg> 11 old-write new-write
set -e
rev=${1:?commit}
cd "$(dirname "$0")/../.."
mkdir -p bench/probe/baseline
for f in transform block-shift entropy-encode scan-decode entropy-decode block-extents huffman-encode huffman-decode marker-writer scan-data; do
  git show "$rev:src/imaging/jpeg/$f.ts" \
    | sed -E "s#from '\./(coefficients|orientation|markers)\.js'#from '../../../src/imaging/jpeg/\1.js'#; s#from '\.\./(errors|orientation)\.js'#from '../../../src/imaging/\1.js'#" \
    > "bench/probe/baseline/$f.ts"
done
