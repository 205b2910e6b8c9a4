// A/B of the rotate-90 job's stages: `old-*` runs a frozen copy of the code (bench/probe/baseline,
// made by freeze-baseline.sh <commit>, not committed), `new-*` the working tree, in the same
// instance. Each side's inputs come from its own decoder, so the per-block extents it records
// are the ones it reads later.
import * as oldDecode from './baseline/entropy-decode.js';
import * as oldTransform from './baseline/transform.js';
import * as oldEncode from './baseline/entropy-encode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { transformCoefficients } from '../../src/imaging/jpeg/transform.js';
import { writeJpeg } from '../../src/imaging/jpeg/entropy-encode.js';
import { rotation } from '../../src/imaging/orientation.js';

const cache = new Map<string, any>();
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}
const EMPTY = new Uint8Array(1);
const R90 = rotation(90);

export async function run(task: string, input: Uint8Array): Promise<Uint8Array> {
  const oc = () => once('oc', () => oldDecode.readJpegCoefficients(input, 1e9));
  const nc = () => once('nc', () => readJpegCoefficients(input, 1e9));
  const or = () => once('or', () => oldTransform.transformCoefficients(oc(), R90));
  const nr = () => once('nr', () => transformCoefficients(nc(), R90));
  switch (task) {
    case 'old-entropy': oldDecode.readJpegCoefficients(input, 1e9); return EMPTY;
    case 'new-entropy': readJpegCoefficients(input, 1e9); return EMPTY;
    case 'old-rot': oldTransform.transformCoefficients(oc(), R90); return EMPTY;
    case 'new-rot': transformCoefficients(nc(), R90); return EMPTY;
    case 'old-rot-luma': oldTransform.transformCoefficients({ ...oc(), planes: oc().planes.slice(0, 1) }, R90); return EMPTY;
    case 'new-rot-luma': transformCoefficients({ ...nc(), planes: nc().planes.slice(0, 1) }, R90); return EMPTY;
    case 'old-rot-chroma': oldTransform.transformCoefficients({ ...oc(), planes: oc().planes.slice(1) }, R90); return EMPTY;
    case 'new-rot-chroma': transformCoefficients({ ...nc(), planes: nc().planes.slice(1) }, R90); return EMPTY;
    case 'old-write': return oldEncode.writeJpeg(or());
    case 'new-write': return writeJpeg(nr());
    case 'old-job': return oldEncode.writeJpeg(oldTransform.transformCoefficients(oldDecode.readJpegCoefficients(input, 1e9), R90));
    case 'new-job': return writeJpeg(transformCoefficients(readJpegCoefficients(input, 1e9), R90));
    default: throw new Error(`unknown task ${task}`);
  }
}
