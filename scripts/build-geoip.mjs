#!/usr/bin/env node
/**
 * `npm run build:geoip`: turns the CC0 `@ip-location-db/geo-whois-asn-country` CSVs into the two
 * binary tables the Worker bundles (src/location/data/ipv4.bin, ipv6.bin; read by
 * src/location/geoip-table.ts).
 *
 * Each table partitions the whole address space (IPv6: its first 64 bits) into runs; run i covers
 * [start[i], start[i+1]) and has one country index (0 = unknown, i.e. a gap in the source).
 * Adjacent ranges of the same country are merged. IPv6 ranges are cut to /64 granularity: a /64
 * that the source splits between countries goes to the range that starts first.
 *
 * Layout (little-endian, every array 4-byte aligned):
 *   0  magic "ESG4" or "ESG6"          4  uint32 format version (1)
 *   8  uint32 run count N             12  uint16 country count C, uint16 metadata length M
 *  16  C × 2 ASCII bytes (index 0 = "--"), then M bytes of UTF-8 JSON metadata
 *      {source, version, sourceDate}, zero-padded to a multiple of 4
 *      IPv4: uint32[N] run starts.  IPv6: uint32[N] high halves, then uint32[N] low halves.
 *      uint8[N] country index per run.
 * The output depends only on the package contents, so rebuilding with the same version is a no-op.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const PACKAGE = '@ip-location-db/geo-whois-asn-country';
const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const pkgDir = dirname(require.resolve(`${PACKAGE}/package.json`));
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
// Versions look like 2.3.2026061719: the last part is the data's date and hour (UTC).
const stamp = /(\d{4})(\d{2})(\d{2})(\d{2})?$/.exec(version);
const sourceDate = stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}` : 'unknown';
const outDir = join(root, 'src/location/data');
// Codes ISO 3166-1 has withdrawn (AN: Netherlands Antilles, still in some RIR records) carry no
// current country; their ranges become unknown rather than a guessed successor.
const WITHDRAWN = new Set(['AN', 'CS', 'TP', 'YU', 'ZR']);

// Never located by the table: the special-purpose blocks of docs/doh-protocol.md §12 (mirrors
// src/location/special.ts) and the documentation blocks, which some RIR records place in AU. A
// documentation prefix then counts as public but unknown: only operator CIDR maps can place it.
const HOLES = {
  4: [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '224.0.0.0/4',
    '240.0.0.0/4',
    '192.0.2.0/24',
    '198.51.100.0/24',
    '203.0.113.0/24',
  ],
  6: ['::/64', '100::/64', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32'],
};

/** A CIDR as [first, last] in the table's units (IPv4 addresses, IPv6 /64s). */
function holeRange(cidr, family) {
  const [text, bits] = cidr.split('/');
  const width = family === 4 ? 32 : 128;
  let value = 0n;
  if (family === 4) {
    for (const part of text.split('.')) value = (value << 8n) | BigInt(part);
  } else {
    const [head, tail = ''] = text.split('::');
    const groups = (g) => (g ? g.split(':') : []);
    const all = [
      ...groups(head),
      ...Array(8 - groups(head).length - groups(tail).length).fill('0'),
      ...groups(tail),
    ];
    for (const g of all) value = (value << 16n) | BigInt(`0x${g}`);
  }
  const size = 1n << BigInt(width - Number(bits));
  const shift = family === 4 ? 0n : 64n;
  return [value >> shift, (value + size - 1n) >> shift];
}

/** Source ranges minus the holes (a range may split in two). */
function punch(ranges, family) {
  let out = ranges;
  for (const [first, last] of HOLES[family].map((h) => holeRange(h, family))) {
    out = out.flatMap((r) => {
      if (r.end < first || r.start > last) return [r];
      const parts = [];
      if (r.start < first) parts.push({ ...r, end: first - 1n });
      if (r.end > last) parts.push({ ...r, start: last + 1n });
      return parts;
    });
  }
  return out;
}

/** [{start, end, cc}] as BigInt, sorted, from a `start,end,CC` CSV of decimal numbers. */
function readRanges(file, shift) {
  const rows = [];
  for (const line of readFileSync(join(pkgDir, file), 'utf8').split('\n')) {
    if (!line) continue;
    const [start, end, cc] = line.split(',');
    if (!/^[A-Z]{2}$/.test(cc)) throw new Error(`${file}: bad country in ${line}`);
    if (WITHDRAWN.has(cc)) continue;
    rows.push({ start: BigInt(start) >> shift, end: BigInt(end) >> shift, cc });
  }
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return rows;
}

/** Runs covering [0, max]: merges same-country neighbours, clips overlaps, fills gaps with "--". */
function toRuns(ranges) {
  const runs = [];
  let next = 0n; // first value not yet covered
  const push = (start, cc) => {
    const last = runs[runs.length - 1];
    if (last && last.cc === cc) return;
    if (last && last.start === start) {
      runs.pop();
      return push(start, cc);
    }
    runs.push({ start, cc });
  };
  for (const { start, end, cc } of ranges) {
    const from = start < next ? next : start;
    if (from > end) continue;
    if (from > next) push(next, '--');
    push(from, cc);
    next = end + 1n;
  }
  push(next, '--');
  return runs;
}

function encode(family, runs) {
  const countries = ['--', ...[...new Set(runs.map((r) => r.cc))].filter((c) => c !== '--').sort()];
  if (countries.length > 256) throw new Error('more than 256 countries');
  const index = new Map(countries.map((c, i) => [c, i]));
  const meta = Buffer.from(JSON.stringify({ source: PACKAGE, version, sourceDate }), 'utf8');
  const n = runs.length;
  const headerLen = Math.ceil((16 + countries.length * 2 + meta.length) / 4) * 4;
  const words = family === 4 ? 1 : 2;
  const buf = Buffer.alloc(headerLen + n * 4 * words + n);
  buf.write(family === 4 ? 'ESG4' : 'ESG6', 0, 'ascii');
  buf.writeUInt32LE(1, 4);
  buf.writeUInt32LE(n, 8);
  buf.writeUInt16LE(countries.length, 12);
  buf.writeUInt16LE(meta.length, 14);
  buf.write(countries.join(''), 16, 'ascii');
  meta.copy(buf, 16 + countries.length * 2);
  let at = headerLen;
  if (family === 4) {
    for (const r of runs) at = buf.writeUInt32LE(Number(r.start), at);
  } else {
    for (const r of runs) at = buf.writeUInt32LE(Number(r.start >> 32n), at);
    for (const r of runs) at = buf.writeUInt32LE(Number(r.start & 0xffffffffn), at);
  }
  for (const r of runs) buf[at++] = index.get(r.cc);
  return buf;
}

for (const [family, file, shift] of [
  [4, 'geo-whois-asn-country-ipv4-num.csv', 0n],
  [6, 'geo-whois-asn-country-ipv6-num.csv', 64n],
]) {
  const ranges = punch(readRanges(file, shift), family);
  const runs = toRuns(ranges);
  const bytes = encode(family, runs);
  const out = join(outDir, `ipv${family}.bin`);
  writeFileSync(out, bytes);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `ipv${family}.bin: ${ranges.length} source ranges → ${runs.length} runs; ` +
      `${bytes.length} bytes raw, ${gz} gzipped (${PACKAGE} ${version}, ${sourceDate})`,
  );
}
