/**
 * Debian's headless firefox-esr for the browser end-to-end tests: whether it (and certutil, openssl)
 * is installed, a CA plus a 127.0.0.1 server certificate for wrangler dev (`--https-key-path`,
 * `--https-cert-path`), a fresh profile that trusts that CA, and a run of the browser on one URL
 * until a condition holds or time runs out, after which its whole process group is killed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanEnv, runProcess } from './processes';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** firefox-esr, certutil (libnss3-tools) and openssl are all installed; .ci/run installs them. */
export const firefoxAvailable = (): boolean => has('firefox-esr') && has('certutil') && has('openssl');

async function must(command: string, args: readonly string[]): Promise<void> {
  const run = await runProcess(command, args, { env: cleanEnv(), timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
}

export interface Certificates {
  /** The CA a profile trusts (PEM). */
  readonly ca: string;
  /** The server's key and its certificate for 127.0.0.1 / localhost, signed by the CA (PEM). */
  readonly key: string;
  readonly cert: string;
}

/** A CA and a server certificate for 127.0.0.1 signed by it, in `dir` (Firefox refuses a CA as end entity). */
export async function certificates(dir: string): Promise<Certificates> {
  const f = (name: string) => join(dir, name);
  await must('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-subj',
    '/CN=edgesteer e2e CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await must('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('key.pem'),
    '-out',
    f('leaf.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  await writeFile(
    f('leaf.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await must('openssl', [
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    f('cert.pem'),
    '-extfile',
    f('leaf.ext'),
  ]);
  return { ca: f('ca.pem'), key: f('key.pem'), cert: f('cert.pem') };
}

export type Prefs = Readonly<Record<string, string | number | boolean>>;

/** Quiet defaults: no proxy, no captive-portal or connectivity checks, no telemetry or updates. */
const BASE_PREFS: Prefs = {
  'network.proxy.type': 0,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.auto': false,
};

/** A profile in `dir`/profile that trusts `caCert`, with BASE_PREFS and `prefs` in its user.js. */
export async function firefoxProfile(dir: string, caCert: string, prefs: Prefs = {}): Promise<string> {
  const profile = join(dir, 'profile');
  await mkdir(profile, { recursive: true });
  await must('certutil', ['-N', '-d', `sql:${profile}`, '--empty-password']);
  await must('certutil', ['-A', '-d', `sql:${profile}`, '-n', 'edgesteer-e2e-ca', '-t', 'C,,', '-i', caCert]);
  const lines = Object.entries({ ...BASE_PREFS, ...prefs }).map(
    ([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`,
  );
  await writeFile(join(profile, 'user.js'), `${lines.join('\n')}\n`);
  return profile;
}

export interface BrowseOptions {
  /** Scratch directory: the browser's HOME. */
  readonly dir: string;
  readonly profile: string;
  readonly url: string;
  /** Extra arguments before the URL, e.g. `--screenshot <file>`. */
  readonly args?: readonly string[];
  /** Polled every 250 ms; the browser is killed once it holds. */
  readonly until: () => boolean | Promise<boolean>;
  readonly timeoutMs: number;
}

/**
 * Starts headless firefox-esr on `url`, polls `until` until it holds or `timeoutMs` passed, then
 * kills the browser's process group; whether `until` held.
 */
export async function browse(options: BrowseOptions): Promise<boolean> {
  const args = [
    '--headless',
    '--no-remote',
    '--profile',
    options.profile,
    ...(options.args ?? []),
    options.url,
  ];
  const child = spawn('firefox-esr', args, {
    env: cleanEnv({ HOME: options.dir, MOZ_HEADLESS: '1' }),
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + options.timeoutMs;
  let held = await options.until();
  while (!held && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    held = await options.until();
  }
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // it exited by itself
  }
  await exited;
  return held;
}
