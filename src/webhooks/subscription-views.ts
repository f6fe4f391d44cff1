/**
 * What the API shows of the subscriptions: settings and delivery status, the secret only as
 * `secretSet`.
 */
import { parseCheckIds } from './subscriptions';

export interface DeliveryStatus {
  readonly pending: number;
  readonly delivered: number;
  readonly givenUp: number;
  /** Dropped unsent by the outbox bound. */
  readonly dropped: number;
  readonly lastAttemptAt: string | null;
  /** HTTP status of the last attempt; null when it got no response. */
  readonly lastStatus: number | null;
  /** Why the last attempt failed; null after a success. */
  readonly lastError: string | null;
  /** When the next pending delivery goes out (retry wait included); null when none is pending. */
  readonly nextAttemptAt: string | null;
}

export interface WebhookView {
  readonly id: string;
  readonly url: string;
  /** Absent: every check. */
  readonly healthCheckIds?: readonly string[];
  readonly description?: string;
  readonly secretSet: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: DeliveryStatus;
}

type ViewSql = {
  id: string;
  url: string;
  check_ids: string | null;
  secret_set: number;
  description: string | null;
  created_at: number;
  updated_at: number;
  delivered: number;
  given_up: number;
  dropped: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  pending: number;
  next_at: number | null;
};

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

function toView(row: ViewSql): WebhookView {
  const ids = parseCheckIds(row.check_ids);
  return {
    id: row.id,
    url: row.url,
    ...(ids === null ? {} : { healthCheckIds: ids }),
    ...(row.description === null ? {} : { description: row.description }),
    secretSet: row.secret_set === 1,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    status: {
      pending: row.pending,
      delivered: row.delivered,
      givenUp: row.given_up,
      dropped: row.dropped,
      lastAttemptAt: isoOrNull(row.last_attempt_at),
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextAttemptAt: isoOrNull(row.next_at),
    },
  };
}

/** Every subscription (or the one `id`) with its delivery status, oldest first; no secret is read. */
export function readViews(sql: SqlStorage, id?: string): WebhookView[] {
  const pending = "FROM outbox o WHERE o.subscription_id = s.id AND o.state = 'pending'";
  const rows = sql.exec<ViewSql>(
    `SELECT s.id, s.url, s.check_ids, s.secret IS NOT NULL AS secret_set, s.description, s.created_at,
       s.updated_at, s.delivered, s.given_up, s.dropped, s.last_attempt_at, s.last_status, s.last_error,
       (SELECT COUNT(*) ${pending}) AS pending,
       (SELECT o.next_at ${pending} ORDER BY o.seq LIMIT 1) AS next_at
     FROM subscriptions s ${id === undefined ? '' : 'WHERE s.id = ?'} ORDER BY s.created_at, s.id`,
    ...(id === undefined ? [] : [id]),
  );
  return rows.toArray().map(toView);
}
