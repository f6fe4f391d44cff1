/**
 * The local `.dev.vars` file (dotenv syntax) that `wrangler dev` reads secrets from; ADMIN_TOKEN in it
 * is the management API's bearer token on a local server.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export const TOKEN_KEY = 'ADMIN_TOKEN';

/** `KEY=value` lines; values may be single- or double-quoted; `#` starts a comment line. */
export function parseDevVars(text) {
  const vars = new Map();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    vars.set(match[1], unquote(match[2]));
  }
  return vars;
}

function unquote(value) {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  if (quoted) return quoted[2];
  return value.replace(/\s+#.*$/, '');
}

/** ADMIN_TOKEN from the file, or undefined when the file or the key is missing. */
export async function readAdminToken(path) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  const token = parseDevVars(text).get(TOKEN_KEY);
  return token ? token : undefined;
}

/**
 * Creates the file with a fresh random token, readable by its owner only. Returns false, and leaves
 * the file alone, when it already exists.
 */
export async function createDevVars(path) {
  const token = randomBytes(32).toString('hex');
  const text =
    '# Secrets for `wrangler dev` (never commit this file).\n' +
    '# ADMIN_TOKEN is the bearer token of the management API under /api/v1.\n' +
    `${TOKEN_KEY}=${token}\n`;
  try {
    await writeFile(path, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
}
