// Measures a TypeScript module inside StarlingMonkey, the way the worker runs:
// bundles <entry.ts> (which exports `run(task, input)`, sync or async) into a
// component of the minimal `probe` world, transpiles it with jco and calls it.
//
//   node --no-liftoff scripts/probe.mjs <entry.ts> <task> <input-file> [runs] [--out file]
//
// Prints ms per call (the first call separately). Builds are cached by hash in build/probe.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

_setPreopens({ '/': '/' });
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds (or reuses) the probe component for an entry; returns the transpiled module's path. */
export async function buildProbe(entry, name = `probe_${createHash('sha256').update(resolve(entry)).digest('hex').slice(0, 8)}`) {
  // One build directory per entry file, so several people can probe at once.
  const esbuild = await import('esbuild');
  const outDir = join(root, 'build/probe', name);
  mkdirSync(outDir, { recursive: true });
  const bundlePath = join(outDir, 'bundle.js');
  await esbuild.build({
    entryPoints: [resolve(entry)], outfile: bundlePath, bundle: true, format: 'esm', platform: 'neutral',
    target: 'es2022', mainFields: ['module', 'main'], loader: { '.jpg': 'binary', '.png': 'binary' },
    inject: [join(root, 'bench/naive/buffer-shim.ts')], logLevel: 'warning',
  });
  const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex');
  const stamp = join(outDir, 'hash');
  const modulePath = join(outDir, 'transpiled', `${name}.js`);
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash || !existsSync(modulePath)) {
    const { componentize } = await import('@bytecodealliance/componentize-js');
    const { component } = await componentize({ sourcePath: bundlePath, witPath: join(root, 'bench/probe/wit'), worldName: 'probe' });
    const { transpile } = await import('@bytecodealliance/jco');
    const { files } = await transpile(component, { name, instantiation: { tag: 'async' }, noTypescript: true });
    for (const [file, data] of Object.entries(files)) {
      mkdirSync(dirname(join(outDir, 'transpiled', file)), { recursive: true });
      writeFileSync(join(outDir, 'transpiled', file), data);
    }
    writeFileSync(stamp, hash);
  }
  return modulePath;
}

/** Instantiates a built probe; returns its `run(task, input)`. */
export async function loadProbe(modulePath) {
  _setPreopens({});
  const shim = await import('@bytecodealliance/preview2-shim');
  const toCamel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const imports = new Proxy({}, {
    get(_, key) {
      const [, pkg, iface] = /^wasi:([a-z-]+)\/([a-z-]+)/.exec(key);
      return shim[toCamel(pkg)][toCamel(iface)];
    },
  });
  const { instantiate } = await import(pathToFileURL(modulePath).href);
  const exports = await instantiate((file) => WebAssembly.compile(readFileSync(join(dirname(modulePath), file))), imports);
  return exports.run;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args.splice(outIndex, 2)[1] : undefined;
  const [entry, task, inputFile, runs = '3'] = args;
  if (!entry || !task || !inputFile) {
    console.error('usage: node --no-liftoff scripts/probe.mjs <entry.ts> <task> <input-file> [runs] [--out file]');
    process.exit(2);
  }
  const run = await loadProbe(await buildProbe(entry));
  const input = new Uint8Array(readFileSync(inputFile));
  let output;
  for (let i = 0; i < Number(runs); i++) {
    const started = performance.now();
    output = await run(task, input);
    console.log(`${task} run ${i + 1}: ${(performance.now() - started).toFixed(1)} ms, ${output.length} bytes out`);
  }
  if (out) writeFileSync(out, output);
}
