import { ImageError } from './errors.js';

/** Formats the pipeline writes. */
export type ImageFormat = 'jpeg' | 'png';

/** Formats the pipeline reads. */
export type SourceFormat = ImageFormat | 'gif' | 'bmp';

/** Formats recognised from their signature; only some of them can be decoded. */
type DetectedFormat = SourceFormat | 'webp' | 'tiff';

const MIME_TYPES: Record<string, ImageFormat> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/png': 'png',
};

export const FORMAT_MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png' };

/** The output format named by a MIME type, or undefined when the caller asked for none. */
export function formatFromMime(mime: string | null | undefined): ImageFormat | undefined {
  if (mime === null || mime === undefined) return undefined;
  const format = MIME_TYPES[mime.trim().toLowerCase()];
  if (!format) {
    throw new ImageError(
      `unsupported output image_format "${mime}" (supported: ${Object.keys(MIME_TYPES).join(', ')})`,
    );
  }
  return format;
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (bytes[offset + i] !== signature[i]) return false;
  }
  return true;
}

function sniff(bytes: Uint8Array): DetectedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return undefined;
}

/** The format of an encoded image, from its bytes (never from a file name). */
export function detectFormat(bytes: Uint8Array): SourceFormat {
  if (bytes.length === 0) throw new ImageError('the source image is empty (0 bytes)');
  const format = sniff(bytes);
  if (format === 'webp' || format === 'tiff') {
    throw new ImageError(`unsupported image format: ${format.toUpperCase()} (supported: JPEG, PNG, GIF, BMP)`);
  }
  if (format) return format;
  throw new ImageError('the source is not a recognised image (no JPEG, PNG, GIF or BMP signature)');
}
