/**
 * A small client for the management API (/api/v1): bearer auth, JSON or text answers, error answers
 * turned into ApiError with every problem the server listed. The token goes into the Authorization
 * header and nowhere else, so no message built here can contain it.
 */
import { ApiError, CliError } from './errors.mjs';

/**
 * @param {{ url: string, token: string }} options  server base URL (no /api/v1) and bearer token
 */
export function createApiClient({ url, token }) {
  const apiBase = `${url.replace(/\/+$/, '')}/api/v1`;

  /**
   * @param {string} method
   * @param {string} path  below /api/v1, already encoded
   * @param {{ body?: BodyInit, contentType?: string, contentLength?: number, accept?: string, signal?: AbortSignal }} [init]
   * @returns {Promise<{ status: number, contentType: string, text: string, data: unknown }>}
   */
  async function request(method, path, init = {}) {
    const target = `${apiBase}${path}`;
    const headers = { authorization: `Bearer ${token}`, accept: init.accept ?? 'application/json' };
    if (init.contentType) headers['content-type'] = init.contentType;
    if (init.contentLength !== undefined) headers['content-length'] = String(init.contentLength);
    const streaming = init.body instanceof ReadableStream;
    let response;
    try {
      response = await fetch(target, {
        method,
        headers,
        body: init.body,
        signal: init.signal,
        ...(streaming ? { duplex: 'half' } : {}),
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new CliError(`cannot reach ${target}: ${describeFetchFailure(error)}`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const data = contentType.includes('json') ? parseJsonOrUndefined(text) : undefined;
    if (!response.ok) throw errorFromResponse(method, target, response.status, data, text);
    return { status: response.status, contentType, text, data };
  }

  /** Like request, but the answer must be JSON; returns the parsed value. */
  async function requestJson(method, path, init) {
    const answer = await request(method, path, init);
    if (answer.data === undefined) {
      throw new CliError(
        `${method} ${apiBase}${path}: expected JSON, got ${answer.contentType || 'no content type'}`,
      );
    }
    return answer.data;
  }

  return { request, requestJson };
}

/** `example.com.` → `/zones/example.com.` with the name percent-encoded. */
export function zonePath(zone, suffix = '') {
  return `/zones/${encodeURIComponent(zone)}${suffix}`;
}

/** `www.example.com` → `/origins/www.example.com`, percent-encoded. */
export function originPath(host) {
  return `/origins/${encodeURIComponent(host)}`;
}

/** Route 53 style ids (`/change/C123`) and bare ids (`C123`) both name /changes/C123. */
export function changePath(id) {
  return `/changes/${encodeURIComponent(id.replace(/^\/?change\//, ''))}`;
}

function parseJsonOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(method, target, status, data, text) {
  const problems = problemsOf(data);
  const summary = messageOf(data) ?? firstLine(text);
  const hint =
    status === 401 || status === 403 ? ' (check --token, EDGESTEER_TOKEN or ADMIN_TOKEN in .dev.vars)' : '';
  const detail =
    problems.length > 0 ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : summary;
  return new ApiError(`${method} ${target} failed: HTTP ${status}${detail ? `, ${detail}` : ''}${hint}`, {
    status,
    problems,
  });
}

/** `{"errors":[{"path","message"}]}`, the API's validation answer. */
function problemsOf(data) {
  const errors = data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e) => e && typeof e.message === 'string')
    .map((e) => ({ path: typeof e.path === 'string' ? e.path : undefined, message: e.message }));
}

function messageOf(data) {
  if (typeof data?.message === 'string') return data.message;
  if (typeof data?.error === 'string') return data.error;
  if (typeof data?.error?.message === 'string') return data.error.message;
  return undefined;
}

function firstLine(text) {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function describeFetchFailure(error) {
  const cause = error.cause ?? error;
  const code = cause.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `${code} (a local \`wrangler dev --local-protocol https\` uses a self-signed certificate: add --insecure)`;
  }
  return code ? `${code}${cause.message ? ` (${cause.message})` : ''}` : String(cause.message ?? cause);
}
