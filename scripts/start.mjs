#!/usr/bin/env node
/**
 * `npm start`: a local edgesteer with the example zone loaded, no account and no network.
 *
 * 1. Creates .dev.vars with a random ADMIN_TOKEN when it is missing.
 * 2. Runs `wrangler dev --local` on 127.0.0.1:$PORT (default 8787); extra arguments go to wrangler
 *    (`npm start -- --local-protocol https`).
 * 3. Once the server answers, loads examples/example.com.zone unless example.com is already hosted
 *    (state persists in .wrangler/state), waits until it is INSYNC and prints curl examples.
 * Ctrl-C / SIGTERM stop wrangler; when wrangler exits, this exits with its code.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, zonePath } from '../bin/lib/api-client.mjs';
import { createDevVars, readAdminToken } from '../bin/lib/dev-vars.mjs';
import { ApiError } from '../bin/lib/errors.mjs';
import { changeInfoOf, waitForInsync } from '../bin/lib/wait-for-change.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEV_VARS = join(ROOT, '.dev.vars');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const EXAMPLE_ZONE = 'example.com';
const EXAMPLE_ZONE_FILE = join(ROOT, 'examples', 'example.com.zone');
const DEFAULT_PORT = 8787;
const READY_TIMEOUT_MS = 120_000;
const INSYNC_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

const log = (message) => console.log(`[edgesteer] ${message}`);

async function main(wranglerArgs) {
  const port = portFrom(wranglerArgs);
  const protocol = optionValue(wranglerArgs, '--local-protocol') ?? 'http';
  const host = optionValue(wranglerArgs, '--ip') ?? '127.0.0.1';
  const baseUrl = `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  await ensureDevVars();
  await assertPortFree(host, port);

  const wrangler = startWrangler(port, wranglerArgs);
  const shutdown = new AbortController();
  stopOnSignals(wrangler, shutdown);
  exitWith(wrangler, shutdown.signal);

  try {
    await waitUntilAnswering(baseUrl, shutdown.signal);
    const token = await readAdminToken(DEV_VARS);
    if (!token) {
      log(
        `${relative(process.cwd(), DEV_VARS)} has no ADMIN_TOKEN: the API will refuse requests, so the example zone was not loaded`,
      );
      return;
    }
    await loadExampleZone(createApiClient({ url: baseUrl, token }), shutdown.signal);
    printExamples(baseUrl, protocol === 'https');
  } catch (error) {
    if (shutdown.signal.aborted) return;
    log(`could not load the example zone: ${error.message}`);
    for (const problem of error.problems ?? []) log(`  ${problem.path ?? ''}: ${problem.message}`);
    log(`wrangler keeps running at ${baseUrl}`);
  }
}

/** --port among wrangler's arguments, else $PORT, else 8787. */
function portFrom(args) {
  const raw = optionValue(args, '--port') ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`[edgesteer] PORT must be a port number, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

/** The value of `--name value` or `--name=value` in args (the last one wins, as in yargs). */
function optionValue(args, name) {
  let value;
  args.forEach((arg, i) => {
    if (arg === name && i + 1 < args.length) value = args[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

async function ensureDevVars() {
  const created = await createDevVars(DEV_VARS);
  if (created) log(`created ${DEV_VARS} with a new random ADMIN_TOKEN (the API's bearer token; mode 0600)`);
  else log(`using the ADMIN_TOKEN in ${DEV_VARS}`);
}

/** Wrangler would pick another port on its own; refuse instead, so the zone goes to our server. */
function assertPortFree(host, port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => {
      console.error(`[edgesteer] cannot listen on ${host}:${port} (${error.code}); set PORT to a free port`);
      process.exit(1);
    });
    probe.listen(port, host, () => probe.close(resolve));
  });
}

function startWrangler(port, extraArgs) {
  const args = ['dev', '--local'];
  if (optionValue(extraArgs, '--ip') === undefined) args.push('--ip', '127.0.0.1');
  if (optionValue(extraArgs, '--port') === undefined) args.push('--port', String(port));
  // Local development probes and calls targets on this machine (README, Security); extra
  // `--var OUTBOUND_ALLOW_PRIVATE:false` closes it again.
  args.push('--var', 'OUTBOUND_ALLOW_PRIVATE:true');
  args.push(...extraArgs);
  log(`starting wrangler ${args.join(' ')}`);
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  child.once('error', (error) => {
    console.error(`[edgesteer] cannot start ${WRANGLER}: ${error.message} (did you run npm install?)`);
    process.exit(1);
  });
  return child;
}

/**
 * First SIGINT/SIGTERM/SIGHUP: ask wrangler to stop (SIGTERM), force it after a grace period.
 * A second signal forces it at once.
 */
function stopOnSignals(child, shutdown) {
  const stop = (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (shutdown.signal.aborted) {
      child.kill('SIGKILL');
      return;
    }
    log(`${signal}: stopping wrangler`);
    shutdown.abort();
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
}

/** When wrangler exits: its exit code, 128 + signal number if it died of a signal we did not send. */
function exitWith(child, stopping) {
  child.once('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    if (stopping.aborted) process.exit(0);
    log(`wrangler was killed by ${signal}`);
    process.exit(128 + (constants.signals[signal] ?? 0));
  });
}

/** Polls until any HTTP answer comes back (a 404 counts: the Worker is serving). */
async function waitUntilAnswering(baseUrl, signal) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  if (baseUrl.startsWith('https:')) acceptSelfSignedLoopbackCertificate();
  for (;;) {
    signal.throwIfAborted();
    try {
      await fetch(`${baseUrl}/`, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
      return;
    } catch (error) {
      if (signal.aborted) throw error;
      if (Date.now() > deadline)
        throw new Error(`${baseUrl} did not answer within ${READY_TIMEOUT_MS / 1000}s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * `wrangler dev --local-protocol https` serves a self-signed certificate; this process only talks to
 * that loopback server, so it may skip verification (Node prints a warning once).
 */
function acceptSelfSignedLoopbackCertificate() {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

async function loadExampleZone(api, signal) {
  if (await isZoneHosted(api, EXAMPLE_ZONE, signal)) {
    log(`${EXAMPLE_ZONE} is already loaded (state persists in .wrangler/state)`);
    return;
  }
  log(`loading ${relative(process.cwd(), EXAMPLE_ZONE_FILE)}`);
  const body = await readFile(EXAMPLE_ZONE_FILE);
  const answer = await api.requestJson('PUT', zonePath(EXAMPLE_ZONE), {
    body,
    contentType: 'text/dns',
    signal,
  });
  const info = await waitForInsync(api, changeInfoOf(answer), { timeoutMs: INSYNC_TIMEOUT_MS, signal });
  log(`${EXAMPLE_ZONE} loaded: change ${info.Id}, version ${info.Version}, ${info.Status}`);
}

async function isZoneHosted(api, zone, signal) {
  try {
    await api.request('GET', zonePath(zone), { signal });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

function printExamples(baseUrl, selfSigned) {
  const k = selfSigned ? ' -k' : '';
  const doh = `${baseUrl}/dns-query`;
  const query = dnsQuery('www.example.com', 1);
  const devVars = relative(process.cwd(), DEV_VARS) || DEV_VARS;
  const lines = [
    '',
    `edgesteer is ready at ${baseUrl} (Ctrl-C to stop). Try:`,
    '',
    '  # DNS over HTTPS, wire format (RFC 8484), GET and POST',
    `  curl -s${k} -H 'accept: application/dns-message' '${doh}?dns=${query.toString('base64url')}' | od -A x -t x1z`,
    `  echo ${query.toString('base64')} | base64 -d | curl -s${k} -H 'content-type: application/dns-message' --data-binary @- ${doh} | od -A x -t x1z`,
    '',
    '  # JSON API',
    `  curl -s${k} -H 'accept: application/dns-json' '${doh}?name=www.example.com&type=A'`,
    '',
    selfSigned
      ? '  # curl resolving through edgesteer (the connect then fails: 192.0.2.10 is a documentation address)'
      : '  # curl resolving through edgesteer needs https: npm start -- --local-protocol https, then',
    `  curl -v --doh-insecure --doh-url ${doh.replace(/^http:/, 'https:')} --connect-timeout 3 http://www.example.com/`,
    '',
    `  # management API (the token is ADMIN_TOKEN in ${devVars})`,
    `  npx edgesteer zones --url ${baseUrl}${selfSigned ? ' --insecure' : ''}`,
    `  curl -s${k} -H "authorization: Bearer $(sed -n 's/^ADMIN_TOKEN=//p' ${devVars})" ${baseUrl}/api/v1/zones`,
    '',
  ];
  console.log(lines.join('\n'));
}

/** A DNS query message (RFC 1035 §4.1) with ID 0, as RFC 8484 §4.1 recommends for caching, and RD. */
function dnsQuery(name, type) {
  const labels = name.split('.').filter(Boolean);
  const qname = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  const header = Buffer.from([0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const question = Buffer.from([type >> 8, type & 0xff, 0, 1]);
  return Buffer.concat([header, qname, question]);
}

await main(process.argv.slice(2));
