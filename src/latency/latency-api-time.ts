/**
 * `MeasuredAt` times: RFC 3339 date-times with a zone (`2026-11-21T13:49:27Z`,
 * `2026-11-21T14:49:27.5+01:00`), checked field by field (Date.parse alone takes 30 February),
 * as epoch milliseconds.
 */
import { err, ok, type Result } from '../result';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

export function parseDateTime(text: string): Result<number, string> {
  const bad = err('expected an RFC 3339 date-time with a zone, e.g. 2026-11-21T13:49:27Z');
  const m = DATE_TIME.exec(text);
  if (m === null) return bad;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const validDate = calendarDay.getUTCMonth() === month - 1 && calendarDay.getUTCDate() === day;
  const offsetOk = m[8] === 'Z' || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  if (!validDate || hour > 23 || minute > 59 || second > 59 || !offsetOk) return bad;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? bad : ok(ms);
}
