import defaultImage from '../../assets/default-image.jpg';
import { readObject } from './blobstore.js';
import type { ImageSource } from './job.js';

const MAX_REMOTE_BYTES = 50 * 1024 * 1024;

async function fetchRemote(url: string): Promise<Uint8Array> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new Error(`remote-https source must be an https:// URL, got ${parsed.protocol}`);
  const response = await fetch(parsed.href);
  if (!response.ok) throw new Error(`fetching ${url} failed: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_REMOTE_BYTES) throw new Error(`remote image is larger than ${MAX_REMOTE_BYTES} bytes`);
  return bytes;
}

/** The encoded bytes of the job's source image. */
export async function readSource(source: ImageSource): Promise<Uint8Array> {
  switch (source.type) {
    case 'default-image':
      return defaultImage;
    case 'blobstore':
      return readObject(source.path.bucket, source.path.key);
    case 'remote-https':
      return fetchRemote(source.url);
  }
}
