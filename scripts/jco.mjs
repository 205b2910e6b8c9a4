// Runs the jco CLI with the whole filesystem preopened.
// Why: jco's bundled wasm tools read files through preview2-shim, whose
// default preopens (0.26) do not include the working directory, so every
// path fails with "os error 44" unless preopens are set first.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
_setPreopens({ '/': '/' });
const { createRequire } = await import('node:module');
const jcoMain = createRequire(import.meta.url).resolve('@bytecodealliance/jco').replace(/api\.js$/, 'jco.js');
await import(jcoMain);
