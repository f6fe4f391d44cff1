/// <reference types="vite/types/importMeta.d.ts" />
/**
 * Zone imports are parsed by the control plane, not in the isolate that answers DoH: the route
 * never loads the zone parsers, and queries keep being answered while a 100,000-record zone is
 * uploaded, parsed and committed.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { encodeBase64Url } from '../../../src/encoding/base64';
import { configOf } from '../../../src/env';
import { configStoreFor } from '../../../src/store/config-store';
import { api, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';
import { decodeReply, queryBytes } from '../../support/dns';

/** Every source file's text, by path below src/ (Vite reads them when the test is built). */
const SOURCES = import.meta.glob<string>('../../../src/**/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Relative specifiers of the value imports and re-exports in `source` (`import type` is erased). */
function valueImports(source: string): string[] {
  const pattern = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm;
  return [...source.matchAll(pattern)].map((m) => m[1]!);
}

function resolveSpecifier(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const base = parts.join('/');
  const found = [`${base}.ts`, `${base}/index.ts`].find((path) => path in SOURCES);
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

/** The modules `entry` loads, itself included. */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const specifier of valueImports(SOURCES[path] ?? ''))
      pending.push(resolveSpecifier(path, specifier));
  }
  return seen;
}

it('the zone routes do not load the zone-file or Route 53 parsers', () => {
  const route = '../../../src/http/api/zones.ts';
  expect(SOURCES[route]).toBeDefined();
  const loaded = loadedBy(route);
  // The walk follows imports: the control-plane client is among them, the parsers are not.
  expect(loaded).toContain('../../../src/control/client.ts');
  const parsers = [...loaded].filter((path) => path.startsWith('../../../src/zones/import/'));
  expect(parsers.filter((path) => !path.endsWith('/json.ts'))).toEqual([]);
});

const BIG_ZONE = 'bulk.test';
const BIG_SETS = 100_000;

/** The big zone's text in two parts: the head with half the records, and the rest. */
function bigZoneParts(): [string, string] {
  const lines: string[] = [];
  for (let i = 0; i < BIG_SETS; i++) lines.push(`h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const half = BIG_SETS / 2;
  return [`${zoneText(BIG_ZONE, lines.slice(0, half).join('\n'))}\n`, `${lines.slice(half).join('\n')}\n`];
}

async function askLiveZone(): Promise<{ rcode: string; data: string[] }> {
  const q = queryBytes('www.live.test', 'A');
  const res = await exports.default.fetch(`https://doh.test/dns-query?dns=${encodeBase64Url(q)}`);
  expect(res.status).toBe(200);
  const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
  return {
    rcode: reply.rcode,
    data: (reply.answers ?? []).map((a) => String((a as { data: unknown }).data)),
  };
}

it('answers queries while a 100,000-record zone is imported', { timeout: 180_000 }, async () => {
  const control = controlPlane(env);
  await runInDurableObject(control, (instance) => {
    instance.publishDelayMs = 3_600_000; // publish only when this test says so
  });
  expect((await putZoneFile('live.test', zoneText('live.test', 'www 60 A 192.0.2.80'))).status).toBe(201);
  await runDurableObjectAlarm(control);
  await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).refresh();
  expect(await askLiveZone()).toEqual({ rcode: 'NOERROR', data: ['192.0.2.80'] });

  // The upload sends its first half, then holds the rest back until a query has been answered.
  const [head, rest] = bigZoneParts().map((text) => new TextEncoder().encode(text));
  let releaseRest: () => void = () => undefined;
  const answeredOnce = new Promise<void>((resolve) => {
    releaseRest = resolve;
  });
  let part = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (part === 0) controller.enqueue(head!);
      else if (part === 1) {
        await answeredOnce;
        controller.enqueue(rest!);
      } else controller.close();
      part++;
    },
  });
  let imported = false;
  const put = api(`/zones/${BIG_ZONE}`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': 'text/dns' },
  }).then((res) => {
    imported = true;
    return res;
  });

  const answers: { rcode: string; data: string[]; duringImport: boolean }[] = [];
  while (!imported) {
    const answer = await askLiveZone();
    answers.push({ ...answer, duringImport: !imported });
    releaseRest();
  }
  const res = await put;
  expect(res.status, await res.clone().text()).toBe(201);
  expect(answers.filter((a) => a.duringImport).length).toBeGreaterThan(0);
  for (const answer of answers) expect(answer).toMatchObject({ rcode: 'NOERROR', data: ['192.0.2.80'] });

  const zones = await (await api('/zones')).json<{ zones: { name: string; recordSetCount: number }[] }>();
  // The generated sets plus the SOA and NS sets of zoneText.
  expect(zones.zones.find((z) => z.name === `${BIG_ZONE}.`)?.recordSetCount).toBe(BIG_SETS + 2);
});
