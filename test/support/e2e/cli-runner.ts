/**
 * Runs bin/edgesteer.mjs as a user would, against a WranglerDev: URL and token through EDGESTEER_URL
 * and EDGESTEER_TOKEN, NODE_TLS_REJECT_UNAUTHORIZED=0 for the self-signed certificate, and a working
 * directory without a .dev.vars unless a test gives one. Every output is kept, so a test can check
 * that the token was never printed.
 */
import { join } from 'node:path';
import { cleanEnv, REPO_ROOT, runProcess } from './processes';
import type { WranglerDev } from './wrangler-dev';

export const CLI = join(REPO_ROOT, 'bin', 'edgesteer.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** Working directory; default: the runner's own empty directory. */
  readonly cwd?: string;
  /** false: no EDGESTEER_TOKEN in the environment. */
  readonly tokenInEnv?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
}

export interface CliRunner {
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /** stdout and stderr of every run so far. */
  transcript(): string;
}

export function createCliRunner(server: WranglerDev, defaultCwd: string): CliRunner {
  const outputs: string[] = [];
  return {
    async run(args, options = {}) {
      const env = cleanEnv({
        EDGESTEER_URL: server.url,
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
        ...(options.tokenInEnv === false ? {} : { EDGESTEER_TOKEN: server.token }),
        ...options.env,
      });
      const result = await runProcess(process.execPath, [CLI, ...args], {
        cwd: options.cwd ?? defaultCwd,
        env,
        input: options.input,
        timeoutMs: 150_000,
      });
      const run = { code: result.code, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
      outputs.push(run.stdout, run.stderr);
      return run;
    },
    transcript: () => outputs.join('\n'),
  };
}

/** stderr without Node's warning about NODE_TLS_REJECT_UNAUTHORIZED. */
export function problemLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter(
      (line) =>
        !line.startsWith('edgesteer:') && !line.startsWith('(node:') && !line.startsWith('(Use `node'),
    );
}
