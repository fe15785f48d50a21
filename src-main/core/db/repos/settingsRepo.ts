import { stmt, type Db } from '../database.js';

/** Every stored setting, its value parsed from JSON (the caller validates it). */
export function readSettings(db: Db): Record<string, unknown> {
  const rows = stmt(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export function writeSettings(db: Db, values: Readonly<Record<string, unknown>>): void {
  const put = stmt(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(values)) put.run(key, JSON.stringify(value));
  })();
}
