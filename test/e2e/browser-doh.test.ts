/**
 * A headless browser with edgesteer as its only resolver: Debian's firefox-esr in TRR-only mode
 * (`network.trr.mode=3`, `network.trr.uri`) against wrangler dev (with a certificate the profile
 * trusts), loading a page at a hosted name and at a forwarded name (local upstream). Skipped when
 * firefox-esr or certutil (libnss3-tools) is missing; .ci/run installs both.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliRunner } from '../support/e2e/cli-runner';
import { browse, certificates, firefoxAvailable, firefoxProfile } from '../support/e2e/firefox';
import { type Origin, startOrigin } from '../support/e2e/origin';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';
import { startUpstreamServer, type UpstreamServer } from '../support/upstream-server';

const ZONE = 'browser-e2e.example';
const HOSTED = `www.${ZONE}`;
const FORWARDED = 'www.forwarded-browser.test';
const available = firefoxAvailable();

let dir: string;
let upstream: UpstreamServer;
let server: WranglerDev;
let origin: Origin;
let profile = '';

/** A profile that trusts the server's certificate and resolves only through edgesteer. */
function trrProfile(caCert: string): Promise<string> {
  return firefoxProfile(dir, caCert, {
    'network.trr.mode': 3,
    'network.trr.uri': `${server.url}/dns-query`,
    'network.trr.allow-rfc1918': true, // the test origin is 127.0.0.1
  });
}

/** INSYNC means published; the isolate picks the snapshot up on its next refresh (1 s here). */
async function waitUntilHosted(): Promise<void> {
  const url = `${server.url}/dns-query?name=${HOSTED}&type=A`;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    const run = await runProcess('curl', ['-sk', '-H', 'accept: application/dns-json', url], {
      env: cleanEnv(),
    });
    if (run.stdout.toString('utf8').includes('"data":"127.0.0.1"')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${HOSTED} did not become resolvable`);
}

/**
 * Starts firefox-esr on `url` and waits until the origin has seen `host` (or 60 s), then ends the
 * browser's process group. Success is the origin's view, not the screenshot.
 */
function load(url: string, host: string): Promise<boolean> {
  return browse({
    dir,
    profile,
    url,
    args: ['--screenshot', join(dir, 'shot.png')],
    until: () => origin.hosts.includes(host),
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-browser-'));
  const { ca, key, cert } = await certificates(dir);
  upstream = await startUpstreamServer();
  await fetch(`http://127.0.0.1:${upstream.port}/_control/browser`, {
    method: 'POST',
    body: JSON.stringify({ behaviour: 'answer', address: '127.0.0.1', ttl: 60 }),
  });
  origin = await startOrigin('<!doctype html><title>edgesteer e2e</title>ok', 'text/html');
  server = await startWranglerDev({
    vars: {
      SNAPSHOT_REFRESH_SECONDS: '1',
      UPSTREAMS: `http://127.0.0.1:${upstream.port}/browser/dns-query`,
      FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
    },
    args: ['--https-key-path', key, '--https-cert-path', cert],
  });
  const zoneFile = join(dir, `${ZONE}.zone`);
  await writeFile(
    zoneFile,
    `$ORIGIN ${ZONE}.\n$TTL 60\n@ SOA ns1 hm 1 7200 3600 1209600 30\n@ NS ns1\nns1 A 127.0.0.1\nwww A 127.0.0.1\n`,
  );
  const imported = await createCliRunner(server, dir).run(['import', ZONE, zoneFile, '--wait']);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  await waitUntilHosted();
  profile = await trrProfile(ca);
});

afterAll(async () => {
  await server?.stop();
  await origin?.close();
  await upstream?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('firefox-esr with edgesteer as its only resolver (TRR mode 3)', () => {
  it.each([
    ['a hosted name', HOSTED],
    ['a forwarded name', FORWARDED],
  ])('loads a page at %s', async (_, host) => {
    const loaded = await load(`http://${host}:${origin.port}/`, `${host}:${origin.port}`);
    expect(loaded, `origin saw ${JSON.stringify(origin.hosts)}\n--- wrangler ---\n${server.output()}`).toBe(
      true,
    );
  });
});
