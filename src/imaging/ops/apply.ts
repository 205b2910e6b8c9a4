import { ImageError } from '../errors.js';
import type { RgbaImage } from '../image.js';
import { checkOutputSize, type ImageLimits } from '../limits.js';
import type { Operation } from '../operations.js';
import { blackAndWhite, brightness, contrast, invert, threshold } from './adjust.js';
import { blur } from './blur.js';
import { resizeImage, resizePeak } from './fit.js';
import { crop, flip, rotate } from './geometry.js';
import { grayscale } from './grayscale.js';
import { sharpen } from './sharpen.js';
import { fitInside, resize, THUMBNAIL_FILTER } from './resize.js';

/** Runs one operation; sizes are checked against the limits before any allocation. */
export function applyOperation(image: RgbaImage, operation: Operation, limits: ImageLimits): RgbaImage {
  switch (operation.type) {
    case 'no-op':
      return image;
    case 'grayscale':
      return grayscale(image);
    case 'resize': {
      const request = {
        width: operation.width_px, height: operation.height_px,
        fit: operation.fit, filter: operation.filter, background: operation.background,
      };
      const peak = resizePeak(image, request);
      checkOutputSize(peak.width, peak.height, limits);
      return resizeImage(image, request);
    }
    case 'thumbnail': {
      // Longest side = size, never enlarged: a thumbnail of a small image is the image.
      if (Math.max(image.width, image.height) <= operation.size) return image;
      const target = fitInside(image.width, image.height, operation.size, operation.size);
      return resize(image, target.width, target.height, THUMBNAIL_FILTER);
    }
    case 'crop':
      return crop(image, operation);
    case 'rotate':
      return rotate(image, operation.degrees);
    case 'flip':
      return flip(image, operation.direction);
    case 'blur':
      return blur(image, operation.sigma);
    case 'sharpen':
      return sharpen(image, operation.sigma, operation.amount);
    case 'brightness':
      return brightness(image, operation.factor);
    case 'contrast':
      return contrast(image, operation.factor);
    case 'invert':
      return invert(image);
    case 'threshold':
      return threshold(image, operation.level);
    case 'black-and-white':
      return blackAndWhite(image);
  }
}

/**
 * Runs operations in order; an input error names the operation's index and
 * type as the job wrote it (`named`, when the list was rewritten by a planner).
 */
export function applyOperations(
  image: RgbaImage, operations: readonly Operation[], limits: ImageLimits, named: readonly Operation[] = operations,
  checkpoint: () => void = () => {},
): RgbaImage {
  for (let i = 0; i < operations.length; i++) {
    try {
      image = applyOperation(image, operations[i], limits);
    } catch (error) {
      if (error instanceof ImageError) throw new ImageError(`operations.${i} (${named[i].type}): ${error.message}`);
      throw error;
    }
    checkpoint();
  }
  return image;
}
