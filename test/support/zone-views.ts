/** Compact views of zones and results for table-driven expectations. */
import { expect } from 'vitest';
import { typeToString } from '../../src/dns/constants';
import type { Result } from '../../src/result';
import type { Problem } from '../../src/validation/problem';
import type { RecordSet, Zone } from '../../src/zones/model';

/** `www.example.com. 300 A 192.0.2.1 | 192.0.2.2` — one string per record set, in zone order. */
export function describeSets(sets: readonly RecordSet[]): string[] {
  return sets.map((s) => `${s.name} ${s.ttl} ${typeToString(s.type)} ${s.values.join(' | ')}`);
}

export function expectZone(result: Result<Zone, Problem[]>): Zone {
  if (!result.ok) expect.fail(`expected a zone, got problems:\n${problemLines(result.error).join('\n')}`);
  return result.value;
}

export function expectProblems<T>(result: Result<T, Problem[]>): Problem[] {
  if (result.ok) expect.fail('expected problems, got a result');
  return result.error;
}

/** `line 3: message` strings. */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}

/** Record sets sorted by name and type, so zones from different sources compare equal. */
export function normalized(zone: Zone): Zone {
  const recordSets = [...zone.recordSets].sort((a, b) =>
    a.name === b.name ? a.type - b.type : a.name < b.name ? -1 : 1,
  );
  return { name: zone.name, recordSets };
}
