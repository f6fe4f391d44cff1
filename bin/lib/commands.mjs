/**
 * One function per CLI command. Each gets a context (API client, options, progress, stdout) and its
 * positional arguments; results go to stdout, progress to stderr, failures are thrown.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { text as readStreamText } from 'node:stream/consumers';
import { changePath, originPath, zonePath } from './api-client.mjs';
import { DEFAULT_WAIT_SECONDS } from './cli-args.mjs';
import { CliError } from './errors.mjs';
import { countingStream, formatBytes, formatSeconds, formatUpload } from './progress.mjs';
import { changeInfoOf, waitForInsync } from './wait-for-change.mjs';

const CONTENT_TYPES = { bind: 'text/dns', route53: 'application/json' };

/**
 * @typedef {{
 *   api: ReturnType<typeof import('./api-client.mjs').createApiClient>,
 *   options: Record<string, string | boolean | undefined>,
 *   progress: ReturnType<typeof import('./progress.mjs').createProgress>,
 *   stdout: NodeJS.WritableStream,
 * }} Context
 */

export const RUNNERS = {
  import: importZone,
  export: exportZone,
  apply: applyChangeBatch,
  change: showChange,
  zones: listZones,
  delete: deleteZone,
  'origins list': listOrigins,
  'origins get': showOrigin,
  'origins put': putOrigin,
  'origins delete': deleteOrigin,
  status: showStatus,
  latency: showLatency,
};

/** Matrix cell sources as one letter: s sampled by the edge, m imported (network or colo), ~ estimated. */
const SOURCE_MARK = {
  'sampled-colo': 's',
  'measured-colo': 'm',
  'measured-network': 'm',
  estimated: '~',
  unknown: '?',
};

/**
 * The colo × region matrix of GET /latency: the figure the latency policy uses for a client at
 * that colo, marked by its source.
 * @param {Context} ctx
 */
async function showLatency(ctx) {
  const table = await ctx.api.requestJson('GET', '/latency');
  if (ctx.options.json) return void ctx.stdout.write(json(table));
  const { Colos: colos, Regions: regions, Rows: rows } = table.Matrix;
  if (colos.length === 0) {
    ctx.stdout.write('no latency figures yet (no samples, no imports)\n');
    return;
  }
  const cell = (c) => (c.RttMs === null ? '?' : `${c.RttMs.toFixed(1)}${SOURCE_MARK[c.Source] ?? '?'}`);
  const lines = [['colo', ...regions], ...colos.map((colo, i) => [colo, ...rows[i].map(cell)])];
  const widths = lines[0].map((_, j) => Math.max(...lines.map((line) => line[j].length)));
  for (const line of lines) ctx.stdout.write(`${line.map((v, j) => v.padEnd(widths[j])).join('  ')}\n`);
  const sampled = table.Sampled.length;
  ctx.stdout.write(
    `\nms; s = sampled by the edge (EWMA, ≥ ${table.Sampling.MinSamples} samples), m = imported, ~ = distance estimate. ${sampled} sampled cells, ${table.Beacons.length} beacons, version ${table.Version}\n`,
  );
}

/** @param {Context} ctx */
async function importZone(ctx, [zone, file]) {
  const bytes = await readInput(file);
  const format = ctx.options.format ?? formatOfFile(file, bytes);
  const answer = await upload(ctx, 'PUT', zonePath(zone), bytes, CONTENT_TYPES[format]);
  await reportChange(ctx, answer);
}

/** @param {Context} ctx */
async function applyChangeBatch(ctx, [zone, file]) {
  const bytes = await readInput(file);
  assertJson(file, bytes);
  const answer = await upload(ctx, 'POST', zonePath(zone, '/changes'), bytes, 'application/json');
  await reportChange(ctx, answer);
}

/** @param {Context} ctx */
async function exportZone(ctx, [zone]) {
  const format = ctx.options.format ?? 'bind';
  const path = zonePath(zone, `/export?format=${format}`);
  const answer = await ctx.api.request('GET', path, { accept: `${CONTENT_TYPES[format]}, text/plain;q=0.5` });
  const text =
    format === 'route53' && answer.data !== undefined ? json(answer.data) : withFinalNewline(answer.text);
  const output = ctx.options.output;
  if (output === undefined || output === '-') {
    ctx.stdout.write(text);
    return;
  }
  await writeFile(output, text);
  ctx.progress.done(`wrote ${formatBytes(Buffer.byteLength(text))} to ${output}`);
}

/** @param {Context} ctx */
async function showChange(ctx, [id]) {
  await reportChange(ctx, await ctx.api.requestJson('GET', changePath(id)));
}

/** @param {Context} ctx */
async function listZones(ctx) {
  const answer = await ctx.api.requestJson('GET', '/zones');
  if (ctx.options.json) {
    ctx.stdout.write(json(answer));
    return;
  }
  const zones = Array.isArray(answer?.zones) ? answer.zones : [];
  ctx.stdout.write(zoneTable(zones));
}

/** @param {Context} ctx */
async function deleteZone(ctx, [zone]) {
  const answer = await ctx.api.request('DELETE', zonePath(zone));
  if (answer.data?.ChangeInfo) {
    await reportChange(ctx, answer.data);
    return;
  }
  ctx.progress.done(`deleted ${zone}`);
}

/** @param {Context} ctx */
async function listOrigins(ctx) {
  const answer = await ctx.api.requestJson('GET', '/origins');
  if (ctx.options.json) {
    ctx.stdout.write(json(answer));
    return;
  }
  const origins = Array.isArray(answer?.Origins) ? answer.Origins : [];
  const rows = origins.map((o) => [String(o.Id), String(o.OriginName), String(o.Scheme), String(o.Version)]);
  ctx.stdout.write(table(['HOST', 'ORIGIN NAME', 'SCHEME', 'VERSION'], rows, [3]));
}

/** @param {Context} ctx */
async function showOrigin(ctx, [host]) {
  ctx.stdout.write(json(await ctx.api.requestJson('GET', originPath(host))));
}

/** @param {Context} ctx */
async function putOrigin(ctx, [host, file]) {
  const bytes = await readInput(file);
  assertJson(file, bytes);
  await reportChange(ctx, await upload(ctx, 'PUT', originPath(host), bytes, 'application/json'));
}

/** @param {Context} ctx */
async function deleteOrigin(ctx, [host]) {
  await reportChange(ctx, await ctx.api.requestJson('DELETE', originPath(host)));
}

/** @param {Context} ctx */
async function showStatus(ctx) {
  ctx.stdout.write(json(await ctx.api.requestJson('GET', '/status')));
}

/**
 * Sends a request body with progress: bytes uploaded, then "validating and committing" until the
 * server answers. Without progress the body goes as one buffer.
 * @param {Context} ctx
 */
async function upload(ctx, method, path, bytes, contentType) {
  const { progress, api } = ctx;
  if (!progress.enabled) return api.requestJson(method, path, { body: bytes, contentType });

  let stopCommitSpinner = () => 0;
  const body = countingStream(bytes, (sent, total) => {
    progress.update(formatUpload(sent, total), { force: sent === total });
    if (sent === total) {
      progress.done(`uploaded ${formatBytes(total)}`);
      stopCommitSpinner = progress.spin('validating and committing…');
    }
  });
  try {
    const answer = await api.requestJson(method, path, { body, contentType, contentLength: bytes.length });
    const elapsed = stopCommitSpinner();
    const info = answer?.ChangeInfo;
    if (info)
      progress.done(`committed version ${info.Version} as change ${info.Id} (${formatSeconds(elapsed)})`);
    return answer;
  } finally {
    stopCommitSpinner();
  }
}

/**
 * Prints `{"ChangeInfo": ...}`, after waiting for INSYNC when --wait was given.
 * @param {Context} ctx
 */
async function reportChange(ctx, answer) {
  let info = changeInfoOf(answer);
  if (ctx.options.wait && info.Status !== 'INSYNC') {
    const timeoutMs = Number(ctx.options.timeout ?? DEFAULT_WAIT_SECONDS) * 1000;
    const stop = ctx.progress.spin(`waiting for change ${info.Id} to be INSYNC…`);
    try {
      info = await waitForInsync(ctx.api, info, { timeoutMs });
    } finally {
      const elapsed = stop();
      if (info.Status === 'INSYNC')
        ctx.progress.done(`change ${info.Id} INSYNC after ${formatSeconds(elapsed)}`);
    }
  }
  ctx.stdout.write(json({ ChangeInfo: info }));
}

/** `.json` files (or content starting with `{`) are Route 53 JSON; anything else is a BIND zone file. */
export function formatOfFile(file, bytes) {
  if (extname(file).toLowerCase() === '.json') return 'route53';
  const start = bytes
    .subarray(0, 256)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') ? 'route53' : 'bind';
}

async function readInput(file) {
  if (file === '-') return Buffer.from(await readStreamText(process.stdin));
  try {
    return await readFile(file);
  } catch (error) {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

function assertJson(file, bytes) {
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error.message})`);
  }
}

function zoneTable(zones) {
  const rows = zones.map((z) => [
    String(z.name),
    String(z.recordSetCount),
    String(z.version),
    String(z.updatedAt),
  ]);
  return table(['NAME', 'RECORD SETS', 'VERSION', 'UPDATED'], rows, [1, 2]);
}

/** Columns padded to their widest cell; the columns at `rightAligned` (numbers) padded on the left. */
function table(header, rows, rightAligned) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function withFinalNewline(text) {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
