#!/usr/bin/env node
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// `npm run bench`: bundles bench/*.ts for Node with esbuild and runs them. V8 in Node is the same
// engine workerd uses; Node's clock resolves nanoseconds, workerd's does not (Spectre mitigations).
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.bench-out');
mkdirSync(out, { recursive: true });
const only = process.argv[2];
// `node scripts/bench.mjs bench/load/load.ts` runs that one file (`npm run bench:load`).
const entries = only?.endsWith('.ts')
  ? [resolve(root, only)]
  : readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
      .map((f) => join(root, 'bench', f));

let failed = false;
for (const entry of entries) {
  const file = join(out, entry.split('/').pop().replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    packages: 'external',
    loader: { '.bin': 'binary' },
  });
  const mod = await import(pathToFileURL(file).href);
  if ((await mod.default()) === false) failed = true;
}
process.exitCode = failed ? 1 : 0;
