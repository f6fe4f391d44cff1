/**
 * A record set's HealthCheckId names a stored health-check definition (docs/routing-semantics.md §5,
 * §6.1). Pure: the caller says which ids exist, reading them in the same synchronous write that
 * commits. Applied to the record sets a write stores: every set of a zone PUT, the sets a change
 * batch creates or replaces. Sets a batch leaves alone or deletes are not checked again, so a zone
 * stored before this rule can still be cleaned up.
 */
import type { RecordSet } from '../../zones/model';
import { MAX_HEALTH_CHECK_ID_LENGTH } from '../../zones/routing-rules';
import { refOf } from './validate-groups';
import type { ZoneProblem } from './zone-problem';

export function missingHealthCheckProblems(
  sets: Iterable<RecordSet | null>,
  exists: (id: string) => boolean,
): ZoneProblem[] {
  const known = new Map<string, boolean>();
  const out: ZoneProblem[] = [];
  for (const rs of sets) {
    const id = rs?.healthCheckId;
    // An id of the wrong length is reported by the record-set rules already.
    if (rs == null || id === undefined || id.length < 1 || id.length > MAX_HEALTH_CHECK_ID_LENGTH) continue;
    let found = known.get(id);
    if (found === undefined) {
      found = exists(id);
      known.set(id, found);
    }
    if (found) continue;
    out.push({
      subject: refOf(rs),
      related: [],
      field: 'HealthCheckId',
      message: `health check "${id}" does not exist; create it first with POST /api/v1/health-checks`,
    });
  }
  return out;
}
