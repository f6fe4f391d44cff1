/**
 * A real `wrangler dev` for end-to-end tests: HTTPS (self-signed) on 127.0.0.1 and a free port,
 * fresh state in a temp dir (--persist-to), a random ADMIN_TOKEN in a temp env file (--env-file, so
 * the developer's .dev.vars is not read), no network (CLOUDFLARE_CF_FETCH_ENABLED=false, no banner
 * update check, no metrics). stop() kills the whole process group (wrangler and workerd).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, freePort, REPO_ROOT } from './processes';

const WRANGLER = join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

export interface WranglerDev {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The management API's bearer token (ADMIN_TOKEN). */
  readonly token: string;
  /** The last 64 KiB of wrangler's output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface WranglerDevOptions {
  /** Plain vars (`--var NAME:value`), e.g. a short SNAPSHOT_REFRESH_SECONDS. */
  readonly vars?: Readonly<Record<string, string>>;
  /** More `wrangler dev` arguments, e.g. `--https-cert-path` for a certificate a browser trusts. */
  readonly args?: readonly string[];
}

export async function startWranglerDev(options: WranglerDevOptions = {}): Promise<WranglerDev> {
  const dir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-'));
  const token = randomBytes(32).toString('hex');
  const envFile = join(dir, 'secrets.env');
  await writeFile(envFile, `ADMIN_TOKEN=${token}\n`, { mode: 0o600 });
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    'dev',
    '--local',
    '--local-protocol',
    'https',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    join(dir, 'state'),
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
    // Health-check targets and webhook receivers of the e2e tests listen on 127.0.0.1.
    '--var',
    'OUTBOUND_ALLOW_PRIVATE:true',
    ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ...(options.args ?? []),
  ];
  const child = spawn(WRANGLER, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv({
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'true',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
    }),
  });
  const output = captureOutput(child);
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const url = `https://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopGroup(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(url, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output()}`);
  }
  return { url, port, token, output, stop };
}

function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

/** Resolves on the first HTTP answer of any status; rejects if wrangler exits or time runs out. */
async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${READY_TIMEOUT_MS / 1000}s`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/`, { rejectUnauthorized: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** SIGTERM to the process group, SIGKILL if it has not exited in time, then SIGKILL any leftovers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child, 'SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS));
    await Promise.race([exited, timer]);
  }
  killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}
