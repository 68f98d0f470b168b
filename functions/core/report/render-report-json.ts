import type { Report } from './report-schema.ts';

/** `report.json`: the report, pretty-printed (it is read by people too), with a final newline. */
export function renderReportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
