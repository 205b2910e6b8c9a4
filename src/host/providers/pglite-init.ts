// Creates an embedded PGlite database directory, then exits: run by the host
// as a child process the first time (see pglite.ts), because PGlite's initdb
// peaks near 800 MB and a wasm memory, once grown, never shrinks: done in the
// host, that peak would stay in the host's resident set for its whole life.
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: pglite-init <data-dir>');
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create(dataDir);
await db.close();
