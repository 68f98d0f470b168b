import { jsonSafe } from '../render/json-safe.ts';
import type { Report } from './report-schema.ts';

/**
 * `report.json`: the report, pretty-printed (it is read by people too), with a final newline; invisible or
 * line-breaking characters are `\u` escapes, as in scan's JSON ({@link jsonSafe}).
 */
export function renderReportJson(report: Report): string {
  return `${jsonSafe(JSON.stringify(report, null, 2))}\n`;
}
