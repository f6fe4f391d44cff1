/** Builds a query-path zone index from zone-file strings, through the real importer and compiler. */
import { compileRecordSet, snapshotText, zoneFragment } from '../../src/control/publish/compile';
import { parseName } from '../../src/dns/name';
import { parseZoneFile } from '../../src/zones/import';
import type { ConfigSnapshot } from '../../src/zones/snapshot';
import { buildZoneIndex, type ZoneIndex } from '../../src/zones/zone-index';

/** `{ 'example.': '<zone file>' }` → a ConfigSnapshot, throwing on any problem (test input is ours). */
export function snapshotOf(zones: Record<string, string>, version = 1): ConfigSnapshot {
  const fragments = Object.keys(zones)
    .map((z) => {
      const apex = parseName(z, '.');
      if (!apex.ok) throw new Error(apex.error);
      return apex.value;
    })
    .sort()
    .map((apex) => {
      const text = zones[apex] ?? zones[apex.slice(0, -1)]!;
      const parsed = parseZoneFile(text, apex);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      const sets = parsed.value.recordSets.map((rs) => {
        const c = compileRecordSet(rs);
        if (!c.ok) throw new Error(c.error.join('; '));
        return c.value;
      });
      return zoneFragment(apex, sets);
    });
  return JSON.parse(snapshotText(version, '2026-01-01T00:00:00.000Z', fragments)) as ConfigSnapshot;
}

export function indexOf(zones: Record<string, string>, version = 1): ZoneIndex {
  return buildZoneIndex(snapshotOf(zones, version));
}
