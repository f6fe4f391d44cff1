/**
 * Where a zone problem points in the request: a PUT names the owner and type, plus the
 * SetIdentifier of a member of a routed group (`www.example.com./CNAME`,
 * `www.example.com./A/Seattle`); a change batch names the change that caused it
 * (`/ChangeBatch/Changes/3`), down to the field when the problem is about one field of the record
 * set that change wrote (`/ChangeBatch/Changes/3/ResourceRecordSet/Weight`).
 */
import { typeToString } from '../../dns/constants';
import type { Problem } from '../../validation/problem';
import { recordGroupKey, recordSetKey } from '../../zones/model';
import type { Change } from '../types';
import type { SetRef, ZoneProblem } from './zone-problem';

export function setPath(ref: SetRef): string {
  const head = `${ref.name}/${typeToString(ref.type)}`;
  return ref.setIdentifier === undefined ? head : `${head}/${ref.setIdentifier}`;
}

/** Problems of a whole-zone write, located by owner name, type and SetIdentifier. */
export function problemsForPut(problems: readonly ZoneProblem[]): Problem[] {
  return problems.map((p) => ({ path: setPath(p.subject), message: p.message }));
}

/**
 * Problems of a change batch, located at the change that touched the record set the problem is
 * about (or, failing that, one that takes part, one in the same record group, or one at the same
 * owner name).
 */
export function problemsForBatch(
  problems: readonly ZoneProblem[],
  touched: ReadonlyMap<string, string>,
  changes: readonly Change[],
): Problem[] {
  const byGroup = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const change of changes) {
    const rs = change.recordSet;
    const path = touched.get(recordSetKey(rs));
    if (path === undefined) continue;
    if (!byGroup.has(recordGroupKey(rs))) byGroup.set(recordGroupKey(rs), path);
    if (!byName.has(rs.name)) byName.set(rs.name, path);
  }
  return problems.map((p) => {
    const message = `${setPath(p.subject)}: ${p.message}`;
    const own = touched.get(recordSetKey(p.subject));
    if (own !== undefined) {
      return { path: p.field === undefined ? own : `${own}/ResourceRecordSet/${p.field}`, message };
    }
    const refs = [p.subject, ...p.related];
    const path =
      refs.map((r) => touched.get(recordSetKey(r))).find((x) => x !== undefined) ??
      refs.map((r) => byGroup.get(recordGroupKey(r))).find((x) => x !== undefined) ??
      refs.map((r) => byName.get(r.name)).find((x) => x !== undefined);
    return { path: path ?? '/ChangeBatch/Changes', message };
  });
}
