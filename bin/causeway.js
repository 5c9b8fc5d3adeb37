#!/usr/bin/env node
// The `causeway` executable: the compiled CLI (dist/, built on install), or the TypeScript source in a checkout.
/* global URL, process */
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../src/cli/main.ts', import.meta.url).href));
}
const code = await main(process.argv.slice(2));
// A non-zero exit code the pipeline set itself is kept.
if (code !== 0 || !process.exitCode) process.exitCode = code;
