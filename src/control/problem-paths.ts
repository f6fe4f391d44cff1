/**
 * Where a zone problem points in the request: a PUT names the owner and type
 * (`www.example.com./CNAME`); a change batch names the change that caused it
 * (`/ChangeBatch/Changes/3`).
 */
import { typeToString } from '../dns/constants';
import { type Problem, recordSetKey } from '../zones/model';
import type { SetRef, ZoneProblem } from './validate';

export function setPath(ref: SetRef): string {
  return `${ref.name}/${typeToString(ref.type)}`;
}

/** Problems of a whole-zone write, located by owner name and type. */
export function problemsForPut(problems: readonly ZoneProblem[]): Problem[] {
  return problems.map((p) => ({ path: setPath(p.subject), message: p.message }));
}

/**
 * Problems of a change batch, located at the change that touched the record set the problem is
 * about (or, failing that, one that takes part, or one at the same owner name).
 */
export function problemsForBatch(
  problems: readonly ZoneProblem[],
  touched: ReadonlyMap<string, string>,
): Problem[] {
  const byName = new Map<string, string>();
  for (const [key, path] of touched) {
    const name = key.slice(0, key.lastIndexOf('/'));
    if (!byName.has(name)) byName.set(name, path);
  }
  return problems.map((p) => {
    const refs = [p.subject, ...p.related];
    const path =
      refs.map((r) => touched.get(recordSetKey(r))).find((x) => x !== undefined) ??
      refs.map((r) => byName.get(r.name)).find((x) => x !== undefined);
    return path === undefined
      ? { path: '/ChangeBatch/Changes', message: `${setPath(p.subject)}: ${p.message}` }
      : { path, message: `${setPath(p.subject)}: ${p.message}` };
  });
}
