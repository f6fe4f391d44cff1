/**
 * Workers for the load benchmark, served by workerd through Miniflare's API: no wrangler, no proxy
 * worker and no Miniflare entry worker in the request path (each Worker gets a direct socket).
 * Durable Object and KV state live on local disk in a temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions as WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { childrenNamed } from './procfs';

export interface Runtime {
  /** `http://127.0.0.1:<port>`, served by workerd itself. */
  readonly url: string;
  /** The workerd process serving it. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Bundles the Worker exactly as `wrangler deploy` would (`--dry-run --outdir`); returns its entry. */
export function bundleWorker(root: string, outDir: string): string {
  execFileSync(join(root, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outDir], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return join(outDir, 'index.js');
}

/** edgesteer with the bindings wrangler.toml declares, plus `vars`. */
export function edgesteerOptions(
  root: string,
  entry: string,
  vars: Readonly<Record<string, string>>,
): WorkerOptions {
  // Wrangler's reading of wrangler.toml; only the fields this Worker uses are taken over, since
  // wrangler's own (older) Miniflare accepts options that the one the tests use does not.
  const { workerOptions: w } = unstable_getMiniflareWorkerOptions(join(root, 'wrangler.toml'));
  return {
    compatibilityDate: w.compatibilityDate,
    compatibilityFlags: w.compatibilityFlags,
    kvNamespaces: w.kvNamespaces,
    durableObjects: w.durableObjects,
    name: 'edgesteer',
    // The bundle and the geolocation tables it imports as Data modules.
    modulesRoot: dirname(entry),
    modules: [
      { type: 'ESModule', path: entry },
      ...readdirSync(dirname(entry))
        .filter((f) => f.endsWith('.bin'))
        .map((f) => ({ type: 'Data' as const, path: join(dirname(entry), f) })),
    ],
    bindings: { ...w.bindings, ...vars },
  } as WorkerOptions;
}

/** The floor: a Worker that answers every request with the same fixed 200. */
export function helloWorldOptions(compatibility: WorkerOptions): WorkerOptions {
  return {
    name: 'hello',
    modules: [
      {
        type: 'ESModule',
        path: 'hello.js',
        contents: "export default { fetch() { return new Response('hello world\\n'); } };",
      },
    ],
    compatibilityDate: compatibility.compatibilityDate,
    compatibilityFlags: compatibility.compatibilityFlags,
  } as WorkerOptions;
}

/**
 * The DoH I/O floor: what any DoH Worker must do and no more. It reads the query (GET: the URL's
 * `dns` parameter, base64url-decoded; POST: the body), echoes it back with the QR bit set, and
 * sends the headers edgesteer sends (CORS, Content-Type, Content-Length, Cache-Control, and Vary on
 * GET). No DNS decoding, no zone lookup: the gap between this and hello world is the price of
 * DoH's HTTP side in workerd; the gap between edgesteer and this is edgesteer's own work.
 */
export const DOH_ECHO_SOURCE = `
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, Cache-Control' };
function fromBase64Url(s) {
  const text = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
export default {
  async fetch(request) {
    const get = request.method === 'GET';
    const bytes = get
      ? fromBase64Url(new URL(request.url).searchParams.get('dns') ?? '')
      : new Uint8Array(await request.arrayBuffer());
    if (bytes.length < 12) return new Response('bad query\\n', { status: 400 });
    bytes[2] |= 0x80;
    const headers = { ...CORS, 'Content-Type': 'application/dns-message', 'Content-Length': String(bytes.length), 'Cache-Control': 'max-age=60' };
    if (get) headers['Vary'] = 'Accept';
    return new Response(bytes, { status: 200, headers });
  },
};`;

/** The DoH I/O floor (DOH_ECHO_SOURCE) with edgesteer's compatibility settings. */
export function dohEchoOptions(compatibility: WorkerOptions): WorkerOptions {
  return {
    name: 'doh-echo',
    modules: [{ type: 'ESModule', path: 'doh-echo.js', contents: DOH_ECHO_SOURCE }],
    compatibilityDate: compatibility.compatibilityDate,
    compatibilityFlags: compatibility.compatibilityFlags,
  } as WorkerOptions;
}

/** Starts one workerd serving `worker` on a direct socket on 127.0.0.1. */
export async function startRuntime(
  worker: WorkerOptions,
  stateDir: string,
  inspectorPort?: number,
): Promise<Runtime> {
  const before = new Set(childrenNamed('workerd'));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: stateDir,
      // request.cf: a fixed default, never fetched (there is no network).
      cf: false,
      ...(inspectorPort === undefined ? {} : { inspectorPort }),
      host: '127.0.0.1',
      port: 0,
      workers: [{ ...worker, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }],
    }),
  );
  await mf.ready;
  const url = (await mf.unsafeGetDirectURL(worker.name)).href.replace(/\/$/, '');
  const started = childrenNamed('workerd').filter((pid) => !before.has(pid));
  if (started.length !== 1) {
    await mf.dispose();
    throw new Error(`expected one new workerd process, found ${started.length}`);
  }
  return { url, pid: started[0]!, stop: () => mf.dispose() };
}

/** One management API call with the admin token; throws on any non-2xx. */
export async function api(
  server: Runtime,
  token: string,
  method: string,
  path: string,
  body: unknown,
  type: string,
): Promise<void> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
}
