/**
 * HealthState's probe tables (schema step 2; the published statuses are in health-store.ts):
 *
 * definitions(id, config_json, regions_json)     the checks as the scheduler last synced them
 * checkers(check_id, region, state_json)         each checker's state machine (state-machine.ts),
 *                                                written only when it changes (streaks saturate)
 * verdicts(id, healthy, since, reason)           what the checkers (or children) conclude, before a
 *                                                manual status overrides it; rewritten on a flip
 * transitions(seq, check_id, at, healthy, previous, source, reason, notified)
 *                                                the last TRANSITIONS_KEPT flips of each published
 *                                                status; `notified` once webhooks took it
 */
import type { HealthCheckConfig } from './check-config';
import type { CheckerState } from './state-machine';
import type { DerivedState } from './state-machine-aggregate';
import type { CheckerRegion } from './vantages';

export const PROBE_SCHEMA_STEP: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS definitions (
     id TEXT PRIMARY KEY, config_json TEXT NOT NULL, regions_json TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS checkers (
     check_id TEXT NOT NULL, region TEXT NOT NULL, state_json TEXT NOT NULL,
     PRIMARY KEY (check_id, region)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS verdicts (
     id TEXT PRIMARY KEY, healthy INTEGER NOT NULL, since INTEGER NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS transitions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, check_id TEXT NOT NULL, at INTEGER NOT NULL,
     healthy INTEGER NOT NULL, previous INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL,
     notified INTEGER NOT NULL DEFAULT 0)`,
  'CREATE INDEX IF NOT EXISTS transitions_by_check ON transitions (check_id, seq)',
  'CREATE INDEX IF NOT EXISTS transitions_unnotified ON transitions (notified, seq)',
];

/** Flips kept per check for the status API. */
export const TRANSITIONS_KEPT = 20;

export interface Definition {
  readonly id: string;
  readonly config: HealthCheckConfig;
  readonly regions: readonly CheckerRegion[];
}

export interface TransitionRow {
  readonly seq: number;
  readonly checkId: string;
  readonly at: number;
  readonly healthy: boolean;
  readonly previous: boolean;
  readonly source: 'manual' | 'probe';
  readonly reason: string;
}

type DefinitionSql = { id: string; config_json: string; regions_json: string };

export function readDefinitions(sql: SqlStorage): Map<string, Definition> {
  const rows = sql.exec<DefinitionSql>('SELECT id, config_json, regions_json FROM definitions').toArray();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        config: JSON.parse(row.config_json) as HealthCheckConfig,
        regions: JSON.parse(row.regions_json) as CheckerRegion[],
      },
    ]),
  );
}

export function writeDefinition(sql: SqlStorage, definition: Definition): void {
  sql.exec(
    `INSERT INTO definitions (id, config_json, regions_json) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json, regions_json = excluded.regions_json`,
    definition.id,
    JSON.stringify(definition.config),
    JSON.stringify(definition.regions),
  );
}

/** Forgets a check's definition, checkers and verdict (its transitions age out with it). */
export function forgetDefinition(sql: SqlStorage, id: string): void {
  sql.exec('DELETE FROM definitions WHERE id = ?', id);
  sql.exec('DELETE FROM checkers WHERE check_id = ?', id);
  sql.exec('DELETE FROM verdicts WHERE id = ?', id);
  sql.exec('DELETE FROM transitions WHERE check_id = ?', id);
}

export function readCheckers(sql: SqlStorage): Map<string, Map<string, CheckerState>> {
  const byCheck = new Map<string, Map<string, CheckerState>>();
  for (const row of sql.exec<{ check_id: string; region: string; state_json: string }>(
    'SELECT check_id, region, state_json FROM checkers',
  )) {
    const regions = byCheck.get(row.check_id) ?? new Map<string, CheckerState>();
    byCheck.set(row.check_id, regions);
    regions.set(row.region, JSON.parse(row.state_json) as CheckerState);
  }
  return byCheck;
}

export function writeChecker(sql: SqlStorage, id: string, region: string, state: CheckerState): void {
  sql.exec(
    `INSERT INTO checkers (check_id, region, state_json) VALUES (?, ?, ?)
     ON CONFLICT (check_id, region) DO UPDATE SET state_json = excluded.state_json`,
    id,
    region,
    JSON.stringify(state),
  );
}

export function deleteChecker(sql: SqlStorage, id: string, region: string): void {
  sql.exec('DELETE FROM checkers WHERE check_id = ? AND region = ?', id, region);
}

export function readVerdicts(sql: SqlStorage): Map<string, DerivedState> {
  const rows = sql
    .exec<{ id: string; healthy: number; since: number; reason: string }>(
      'SELECT id, healthy, since, reason FROM verdicts',
    )
    .toArray();
  return new Map(rows.map((r) => [r.id, { healthy: r.healthy === 1, since: r.since, reason: r.reason }]));
}

export function writeVerdict(sql: SqlStorage, id: string, verdict: DerivedState): void {
  sql.exec(
    `INSERT INTO verdicts (id, healthy, since, reason) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET healthy = excluded.healthy, since = excluded.since, reason = excluded.reason`,
    id,
    verdict.healthy ? 1 : 0,
    verdict.since,
    verdict.reason,
  );
}

/** Records a flip of a published status, keeping the last TRANSITIONS_KEPT of the check. */
export function insertTransition(sql: SqlStorage, row: Omit<TransitionRow, 'seq'>): void {
  sql.exec(
    'INSERT INTO transitions (check_id, at, healthy, previous, source, reason) VALUES (?, ?, ?, ?, ?, ?)',
    row.checkId,
    row.at,
    row.healthy ? 1 : 0,
    row.previous ? 1 : 0,
    row.source,
    row.reason,
  );
  sql.exec(
    `DELETE FROM transitions WHERE check_id = ? AND seq NOT IN
       (SELECT seq FROM transitions WHERE check_id = ? ORDER BY seq DESC LIMIT ?)`,
    row.checkId,
    row.checkId,
    TRANSITIONS_KEPT,
  );
}

type TransitionSql = {
  seq: number;
  check_id: string;
  at: number;
  healthy: number;
  previous: number;
  source: string;
  reason: string;
};

const transitionFromSql = (row: TransitionSql): TransitionRow => ({
  seq: row.seq,
  checkId: row.check_id,
  at: row.at,
  healthy: row.healthy === 1,
  previous: row.previous === 1,
  source: row.source === 'manual' ? 'manual' : 'probe',
  reason: row.reason,
});

const TRANSITION_COLUMNS = 'seq, check_id, at, healthy, previous, source, reason';

/** A check's last flips, newest first. */
export function recentTransitions(sql: SqlStorage, id: string): TransitionRow[] {
  return sql
    .exec<TransitionSql>(
      `SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE check_id = ? ORDER BY seq DESC LIMIT ?`,
      id,
      TRANSITIONS_KEPT,
    )
    .toArray()
    .map(transitionFromSql);
}

/** Flips webhooks have not taken yet, oldest first. */
export function unnotifiedTransitions(sql: SqlStorage, limit: number): TransitionRow[] {
  return sql
    .exec<TransitionSql>(
      `SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE notified = 0 ORDER BY seq LIMIT ?`,
      limit,
    )
    .toArray()
    .map(transitionFromSql);
}

export function markNotified(sql: SqlStorage, upToSeq: number): void {
  sql.exec('UPDATE transitions SET notified = 1 WHERE notified = 0 AND seq <= ?', upToSeq);
}
