import { ImageError } from './errors.js';

export interface ImageLimits {
  /** Largest accepted source, in pixels, checked from the header before anything is decoded. */
  readonly maxInputPixels: number;
  /** Largest accepted output side, in pixels. */
  readonly maxOutputDimension: number;
}

export const DEFAULT_LIMITS: ImageLimits = { maxInputPixels: 40_000_000, maxOutputDimension: 16_384 };

export function checkInputSize(width: number, height: number, limits: ImageLimits): void {
  if (width <= 0 || height <= 0) throw new ImageError(`invalid image dimensions ${width}x${height}`);
  if (width * height > limits.maxInputPixels) {
    throw new ImageError(
      `image is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} MP), ` +
        `over the limit of ${(limits.maxInputPixels / 1e6).toFixed(1)} MP`,
    );
  }
}

export function checkOutputSize(width: number, height: number, limits: ImageLimits): void {
  if (width > limits.maxOutputDimension || height > limits.maxOutputDimension) {
    throw new ImageError(
      `output would be ${width}x${height}, over the limit of ${limits.maxOutputDimension} px per side`,
    );
  }
}
