import defaultImage from '../../assets/default-image.jpg';
import { readObject } from './blobstore.js';
import type { ImageSource } from './job.js';
import { fetchRemote } from './remote-fetch.js';
import { DEFAULT_REMOTE_POLICY, type RemoteFetchPolicy } from './remote-policy.js';

/** The encoded bytes of the job's source image; `remotePolicy` governs `remote-https` (configuration, later). */
export async function readSource(source: ImageSource, remotePolicy: RemoteFetchPolicy = DEFAULT_REMOTE_POLICY): Promise<Uint8Array> {
  switch (source.type) {
    case 'default-image':
      return defaultImage;
    case 'blobstore':
      return readObject(source.path.bucket, source.path.key);
    case 'remote-https':
      return fetchRemote(source.url, remotePolicy);
  }
}
