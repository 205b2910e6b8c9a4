/**
 * The eight rigid transforms of a rectangle (rotations by quarter turns and
 * mirrors), as "transpose, then mirror left-right, then mirror top-bottom".
 * Any sequence of EXIF orientation, rotate and flip folds into one of these,
 * so a pipeline moves pixels or DCT blocks once, however many steps asked.
 */
export interface Orientation {
  readonly transpose: boolean;
  readonly flipX: boolean;
  readonly flipY: boolean;
}

export const UPRIGHT: Orientation = { transpose: false, flipX: false, flipY: false };

// Each transform as a 2x2 signed permutation matrix [a, b, c, d] acting on
// centred coordinates (x right, y down): x' = a x + b y, y' = c x + d y.
type Matrix = readonly [number, number, number, number];

function toMatrix(o: Orientation): Matrix {
  const [a, b, c, d] = o.transpose ? [0, 1, 1, 0] : [1, 0, 0, 1];
  const sx = o.flipX ? -1 : 1;
  const sy = o.flipY ? -1 : 1;
  return [sx * a, sx * b, sy * c, sy * d];
}

function fromMatrix([a, b, c, d]: Matrix): Orientation {
  const transpose = a === 0;
  return { transpose, flipX: (transpose ? b : a) < 0, flipY: (transpose ? c : d) < 0 };
}

/** `first`, then `second`. */
export function compose(first: Orientation, second: Orientation): Orientation {
  const [a1, b1, c1, d1] = toMatrix(first);
  const [a2, b2, c2, d2] = toMatrix(second);
  return fromMatrix([a2 * a1 + b2 * c1, a2 * b1 + b2 * d1, c2 * a1 + d2 * c1, c2 * b1 + d2 * d1]);
}

export function rotation(degrees: 90 | 180 | 270): Orientation {
  if (degrees === 90) return { transpose: true, flipX: true, flipY: false };
  if (degrees === 180) return { transpose: false, flipX: true, flipY: true };
  return { transpose: true, flipX: false, flipY: true };
}

export function mirror(direction: 'horizontal' | 'vertical'): Orientation {
  return direction === 'horizontal' ? { transpose: false, flipX: true, flipY: false } : { transpose: false, flipX: false, flipY: true };
}

/** What makes an image with this EXIF Orientation tag (1-8) upright. */
export function fromExif(tag: number): Orientation {
  switch (tag) {
    case 2: return mirror('horizontal');
    case 3: return rotation(180);
    case 4: return mirror('vertical');
    case 5: return { transpose: true, flipX: false, flipY: false };
    case 6: return rotation(90);
    case 7: return { transpose: true, flipX: true, flipY: true };
    case 8: return rotation(270);
    default: return UPRIGHT;
  }
}

export function isUpright(o: Orientation): boolean {
  return !o.transpose && !o.flipX && !o.flipY;
}
