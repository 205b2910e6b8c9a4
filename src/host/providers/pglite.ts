import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite as PGliteDatabase } from '@electric-sql/pglite';
import { log } from '../log.js';

// The task table is tiny: 16 MB of shared buffers instead of PGlite's 128 MB
// keep about 100 MB out of the host's resident set.
const SETTINGS = ['-c', 'shared_buffers=16MB'];

/** Runs pglite-init in a child process, so initdb's memory peak ends with it. */
async function initializeInChild(dataDir: string): Promise<boolean> {
  const script = fileURLToPath(new URL('./pglite-init.js', import.meta.url));
  // From the TypeScript sources (tests importing this module) there is no .js to run.
  if (!existsSync(script)) return false;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`creating the embedded PGlite database in ${dataDir} failed (exit code ${code})`);
  return true;
}

/** Opens (creating on first use) an embedded PGlite database directory. */
export async function openPglite(dataDir: string): Promise<PGliteDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log('info', `creating the embedded PGlite database in ${dataDir} (first start, a few seconds)`);
    await initializeInChild(dataDir);
  }
  return PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...SETTINGS] });
}
