/**
 * The `meta` table every SQLite-backed Durable Object here keeps: integers under fixed keys
 * (versions, times, schema version). Each object documents its own keys.
 */
type KeyValue = { key: string; value: number };

export function readMetaValues(sql: SqlStorage): Map<string, number> {
  const values = new Map<string, number>();
  for (const row of sql.exec<KeyValue>('SELECT key, value FROM meta')) values.set(row.key, row.value);
  return values;
}

export function writeMetaValue(sql: SqlStorage, key: string, value: number): void {
  sql.exec(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
}
