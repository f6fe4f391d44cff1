/**
 * Polls GET /api/v1/changes/{id} until the change is INSYNC (published to the query path), with a
 * growing interval and a deadline.
 */
import { changePath } from './api-client.mjs';
import { CliError } from './errors.mjs';

const FIRST_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 2000;

/**
 * @param {{ requestJson: Function }} api
 * @param {{ Id: string, Status: string }} changeInfo  as returned by the write
 * @param {{ timeoutMs: number, signal?: AbortSignal, onPoll?: (info: object) => void }} options
 * @returns {Promise<object>} the INSYNC ChangeInfo
 */
export async function waitForInsync(api, changeInfo, { timeoutMs, signal, onPoll }) {
  const deadline = Date.now() + timeoutMs;
  let info = changeInfo;
  let interval = FIRST_INTERVAL_MS;
  while (info.Status !== 'INSYNC') {
    if (Date.now() >= deadline) {
      throw new CliError(`change ${info.Id} is still ${info.Status} after ${timeoutMs / 1000}s`);
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
    info = changeInfoOf(await api.requestJson('GET', changePath(info.Id), { signal }));
    onPoll?.(info);
  }
  return info;
}

/** The ChangeInfo inside `{"ChangeInfo": {...}}`, checked enough to poll on. */
export function changeInfoOf(answer) {
  const info = answer?.ChangeInfo;
  if (typeof info?.Id !== 'string' || typeof info?.Status !== 'string') {
    throw new CliError(
      `expected {"ChangeInfo":{"Id","Status",...}}, got ${JSON.stringify(answer).slice(0, 200)}`,
    );
  }
  return info;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
