// Builds the two components: esbuild bundles each TypeScript entry into one
// ES module, componentize-js turns it into a component, and jco transpiles the
// component for the local host. A component is rebuilt only when a hash of its
// inputs (sources, WIT, assets, build settings) changed since the last build.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Why: preview2-shim 0.26 (used by componentize-js/jco to read WIT and write
// files) has no preopens by default, so every path fails with "os error 44".
_setPreopens({ '/': '/' });

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'build');

export const components = [
  {
    name: 'image_processor',
    world: 'worker',
    entry: 'src/worker/index.ts',
    inputs: ['src/worker', 'src/imaging', 'src/shared', 'assets', 'wit'],
  },
  {
    name: 'task_manager',
    world: 'task-manager',
    entry: 'src/task-manager/index.ts',
    inputs: ['src/task-manager', 'src/shared', 'wit'],
  },
  {
    // The benchmark's baseline (see bench/naive/pipeline.ts): the worker with
    // off-the-shelf codecs and no planner. Built only when asked for.
    name: 'image_processor_naive',
    world: 'worker',
    entry: 'src/worker/index.ts',
    inputs: ['src/worker', 'src/imaging', 'src/shared', 'bench/naive', 'assets', 'wit'],
    replace: { 'src/imaging/pipeline.ts': 'bench/naive/pipeline.ts' },
    // jpeg-js calls Buffer, which the component does not have.
    inject: ['bench/naive/buffer-shim.ts'],
    benchOnly: true,
  },
];

/** An esbuild plugin that swaps whole modules (by path relative to the root) for others. */
function replaceModules(replace = {}) {
  const targets = new Map(Object.entries(replace).map(([from, to]) => [join(root, from), join(root, to)]));
  return {
    name: 'replace-modules',
    setup(b) {
      b.onResolve({ filter: /\.js$/ }, (args) => {
        if (!args.importer) return undefined;
        const resolved = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
        return targets.has(resolved) ? { path: targets.get(resolved) } : undefined;
      });
    },
  };
}

function listFiles(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs, { withFileTypes: true })
    .flatMap((entry) => listFiles(join(path, entry.name)))
    .sort();
}

function inputHash(component) {
  const hash = createHash('sha256');
  const settings = [import.meta.url, 'package-lock.json'].map((p) =>
    p.startsWith('file:') ? fileURLToPath(p) : join(root, p),
  );
  for (const file of [...component.inputs.flatMap(listFiles).map((f) => join(root, f)), ...settings]) {
    if (!existsSync(file)) continue;
    hash.update(relative(root, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

async function bundle(component) {
  const esbuild = await import('esbuild');
  const outfile = join(buildDir, `${component.name}.js`);
  await esbuild.build({
    entryPoints: [join(root, component.entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    // WIT imports are resolved by componentize-js, not bundled.
    external: ['wasi:*', 'wasmcloud:*'],
    loader: { '.jpg': 'binary', '.png': 'binary' },
    inject: (component.inject ?? []).map((file) => join(root, file)),
    plugins: [replaceModules(component.replace)],
    logLevel: 'warning',
  });
  return outfile;
}

async function componentizeOne(component, sourcePath) {
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const { component: wasm } = await componentize({
    sourcePath,
    witPath: join(root, 'wit'),
    worldName: component.world,
  });
  const wasmPath = join(buildDir, `${component.name}.wasm`);
  writeFileSync(wasmPath, wasm);
  return wasmPath;
}

async function transpileOne(component, wasmPath) {
  const { transpile } = await import('@bytecodealliance/jco');
  const outDir = join(buildDir, 'transpiled', component.name);
  rmSync(outDir, { recursive: true, force: true });
  const { files } = await transpile(readFileSync(wasmPath), {
    name: component.name,
    instantiation: { tag: 'async' },
    outDir,
    noTypescript: true,
    // The local host supplies every import itself (WASI from preview2-shim).
  });
  for (const [file, data] of Object.entries(files)) {
    const path = join(outDir, file.startsWith(outDir) ? relative(outDir, file) : file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
}

/** The local host is plain Node: bundled (not componentized) into dist/host, every build (it takes well under a second). */
async function buildHost() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: {
      cli: join(root, 'src/host/cli.ts'),
      'component-thread': join(root, 'src/host/component-thread.ts'),
      'blobstore-extension': join(root, 'src/host/providers/blobstore-extension.ts'),
      // Run as a child process to create the embedded database (see providers/pglite.ts).
      'pglite-init': join(root, 'src/host/providers/pglite-init.ts'),
      // The blob store on its own, for component tests that instantiate a component in-process.
      'blobstore-provider': join(root, 'src/host/providers/blobstore.ts'),
    },
    outdir: join(root, 'dist/host'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}

export async function build({ force = false, only } = {}) {
  mkdirSync(buildDir, { recursive: true });
  await buildHost();
  const results = [];
  for (const component of components) {
    if (only ? !only.includes(component.name) : component.benchOnly) continue;
    const stampPath = join(buildDir, `${component.name}.inputs`);
    const hash = inputHash(component);
    const wasmPath = join(buildDir, `${component.name}.wasm`);
    const upToDate =
      !force && existsSync(stampPath) && existsSync(wasmPath) && readFileSync(stampPath, 'utf8') === hash &&
      existsSync(join(buildDir, 'transpiled', component.name));
    if (upToDate) {
      results.push({ name: component.name, skipped: true });
      continue;
    }
    const started = performance.now();
    const source = await bundle(component);
    await componentizeOne(component, source);
    await transpileOne(component, wasmPath);
    writeFileSync(stampPath, hash);
    const ms = Math.round(performance.now() - started);
    results.push({ name: component.name, skipped: false, ms, bytes: statSync(wasmPath).size });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  for (const r of await build({ force })) {
    console.log(
      r.skipped
        ? `${r.name}: up to date`
        : `${r.name}: built in ${(r.ms / 1000).toFixed(1)} s, ${(r.bytes / 1e6).toFixed(2)} MB -> build/${r.name}.wasm`,
    );
  }
}
