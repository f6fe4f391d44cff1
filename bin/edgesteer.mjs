#!/usr/bin/env node
/**
 * edgesteer: the command-line client of the management API. See `edgesteer help`.
 * Plain Node (>= 20), no dependencies.
 */
import { resolve } from 'node:path';
import { createApiClient } from './lib/api-client.mjs';
import { DEFAULT_URL, parseCommandLine, USAGE } from './lib/cli-args.mjs';
import { RUNNERS } from './lib/commands.mjs';
import { readAdminToken } from './lib/dev-vars.mjs';
import { ApiError, EXIT_FAILURE, EXIT_OK, UsageError } from './lib/errors.mjs';
import { createProgress } from './lib/progress.mjs';

async function main(argv) {
  const { command, args, options } = parseCommandLine(argv);
  if (command === 'help') {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (options.insecure) acceptSelfSignedCertificates();
  const connection = await resolveConnection(options, process.env);
  await RUNNERS[command](
    {
      api: createApiClient(connection),
      options,
      progress: createProgress({ enabled: Boolean(options.progress || process.stderr.isTTY) }),
      stdout: process.stdout,
    },
    args,
  );
  return EXIT_OK;
}

/** --url / EDGESTEER_URL / default; --token / EDGESTEER_TOKEN / ADMIN_TOKEN in ./.dev.vars. */
async function resolveConnection(options, env) {
  const url = options.url ?? env.EDGESTEER_URL ?? DEFAULT_URL;
  if (!/^https?:\/\/[^/]/.test(url))
    throw new UsageError('EDGESTEER_URL must start with http:// or https://');
  const token = options.token || env.EDGESTEER_TOKEN || (await readAdminToken(resolve('.dev.vars')));
  if (!token) {
    throw new UsageError(
      'no API token: pass --token, set EDGESTEER_TOKEN, or run from a directory whose .dev.vars has ADMIN_TOKEN ' +
        '(`npm start` creates one)',
    );
  }
  return { url, token };
}

/** --insecure: for a local `wrangler dev --local-protocol https`, whose certificate is self-signed. */
function acceptSelfSignedCertificates() {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

/** Prints a failure the way its kind asks for; returns the exit code. */
function report(error) {
  if (error instanceof UsageError) {
    process.stderr.write(`edgesteer: ${error.message}\nRun "edgesteer help" for usage.\n`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    const problems = error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    process.stderr.write(`edgesteer: ${error.message}${problems.length > 0 ? ':' : ''}\n`);
    for (const line of problems) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  if (typeof error?.exitCode === 'number') {
    process.stderr.write(`edgesteer: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`edgesteer: unexpected error: ${error?.stack ?? error}\n`);
  return EXIT_FAILURE;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = report(error);
  },
);
