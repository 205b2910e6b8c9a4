/**
 * Where a scan's blocks are stored, as one MCU's pattern repeated over a
 * grid, instead of one offset per block: the decoders' loops run once per
 * block, so everything about the layout is worked out here once, into
 * typed arrays (in the interpreter a property read inside such a loop costs
 * more than the block's own stores).
 */
export interface McuGrid {
  readonly mcusX: number;
  readonly mcusY: number;
  readonly blocksPerMcu: number;
  /** Per block of an MCU: its coefficient offset in the first MCU, ... */
  readonly first: Int32Array;
  /** ... how far it moves per MCU along a row and per MCU row, ... */
  readonly along: Int32Array;
  readonly down: Int32Array;
  /** ... and its component's index in the scan. */
  readonly comps: Uint8Array;
}

/** What the grid needs of each component: sampling, stored and coded size in blocks, where its blocks start. */
export interface GridComponent {
  readonly h: number;
  readonly v: number;
  readonly blocksPerLine: number;
  readonly usedX: number;
  readonly usedY: number;
  readonly base: number;
}

/**
 * The blocks of a scan of `scanComponents` (indexes into `layout`), `stride`
 * coefficients stored per block. Interleaved scans code whole MCUs of the
 * frame; a one-component scan codes the component's own blocks, one per MCU.
 */
export function mcuGrid(
  frame: { readonly width: number; readonly height: number; readonly maxH: number; readonly maxV: number },
  layout: readonly GridComponent[], scanComponents: readonly number[], stride: number,
): McuGrid {
  if (scanComponents.length === 1) {
    const c = layout[scanComponents[0]];
    return {
      mcusX: c.usedX, mcusY: c.usedY, blocksPerMcu: 1, first: Int32Array.of(c.base), along: Int32Array.of(stride),
      down: Int32Array.of(c.blocksPerLine * stride), comps: new Uint8Array(1),
    };
  }
  let blocksPerMcu = 0;
  for (const i of scanComponents) blocksPerMcu += layout[i].h * layout[i].v;
  const first = new Int32Array(blocksPerMcu);
  const along = new Int32Array(blocksPerMcu);
  const down = new Int32Array(blocksPerMcu);
  const comps = new Uint8Array(blocksPerMcu);
  let t = 0;
  for (let j = 0; j < scanComponents.length; j++) {
    const c = layout[scanComponents[j]];
    for (let by = 0; by < c.v; by++) {
      for (let bx = 0; bx < c.h; bx++, t++) {
        first[t] = c.base + (by * c.blocksPerLine + bx) * stride;
        along[t] = c.h * stride;
        down[t] = c.v * c.blocksPerLine * stride;
        comps[t] = j;
      }
    }
  }
  return {
    mcusX: Math.ceil(frame.width / (8 * frame.maxH)), mcusY: Math.ceil(frame.height / (8 * frame.maxV)),
    blocksPerMcu, first, along, down, comps,
  };
}

/** Every block's coefficient offset and component, in coding order (for the decoders that take one offset per block). */
export function blockOffsets(grid: McuGrid): { offsets: Int32Array; comps: Uint8Array } {
  const { mcusX, mcusY, blocksPerMcu, first, along, down } = grid;
  const perRow = mcusX * blocksPerMcu;
  const offsets = new Int32Array(mcusY * perRow);
  let n = 0;
  for (let mx = 0; mx < mcusX; mx++) {
    for (let t = 0; t < blocksPerMcu; t++) offsets[n++] = first[t] + mx * along[t];
  }
  // Each MCU row is the one above moved down by its blocks' `down`: a load and an add per block.
  const rowDown = new Int32Array(perRow);
  for (let q = 0; q < perRow; q++) rowDown[q] = down[q % blocksPerMcu];
  for (let my = 1; my < mcusY; my++) {
    for (let q = 0; q < perRow; q++, n++) offsets[n] = offsets[n - perRow] + rowDown[q];
  }
  // The component pattern repeats every MCU: copied natively, doubling.
  const comps = new Uint8Array(offsets.length);
  comps.set(grid.comps);
  for (let filled = blocksPerMcu; filled < comps.length; filled *= 2) {
    comps.copyWithin(filled, 0, Math.min(filled, comps.length - filled));
  }
  return { offsets, comps };
}
