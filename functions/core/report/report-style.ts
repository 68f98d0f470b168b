/**
 * The HTML report's only stylesheet (inline: the page loads nothing). Light and dark through
 * `prefers-color-scheme`, black on white and no navigation when printed; charts take their colours from
 * these variables.
 */
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--panel:#f6f8fa;
--bar:#0969da;--denied:#cf222e;--over:#cf222e;--limit:#1f2328;--cell:#0969da;--critical:#82071e;--high:#cf222e;
--medium:#bc4c00;--low:#9a6700;--info:#59636e;--good:#1a7f37}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;
--panel:#151b23;--bar:#4493f8;--denied:#f85149;--over:#f85149;--limit:#e6edf3;--cell:#4493f8;--critical:#ff7b72;
--high:#f85149;--medium:#db6d28;--low:#d29922;--info:#9198a1;--good:#3fb950}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1180px;padding:24px;background:var(--bg);color:var(--fg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:20px 0 6px}
a{color:var(--bar)}
.meta,.note,caption{color:var(--muted)}
caption{text-align:left;caption-side:top;padding:2px 0 6px;font-size:13px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:12px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:16px 0}
.card{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:10px 12px}
.card .n{font-size:22px;font-weight:600}.card .k{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}
th,td{border-bottom:1px solid var(--border);padding:5px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.nowrap{white-space:nowrap;overflow-wrap:normal}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.sev{font-weight:600;text-transform:uppercase;font-size:11.5px;letter-spacing:.04em}
.sev.critical{color:var(--critical)}.sev.high{color:var(--high)}.sev.medium{color:var(--medium)}.sev.low{color:var(--low)}.sev.info{color:var(--info)}
.status-unused{color:var(--high);font-weight:600}.status-used{color:var(--good)}.status-account-only{color:var(--medium)}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:6px 0}dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
figure{margin:6px 0;overflow-x:auto}figcaption{color:var(--muted);font-size:12.5px}
svg.chart{display:block;max-width:100%;height:auto}
svg .label,svg .value,svg .cell-value{fill:var(--fg)}svg .label.outside{fill:var(--high)}
svg .bar{fill:var(--bar)}svg .denied,svg .bar.over{fill:var(--over)}svg .cell{fill:var(--cell)}
svg .bar.critical{fill:var(--critical)}svg .bar.high{fill:var(--high)}svg .bar.medium{fill:var(--medium)}svg .bar.low{fill:var(--low)}svg .bar.info{fill:var(--info)}
svg .axis{stroke:var(--border)}svg .limit{stroke:var(--limit);stroke-dasharray:4 3}
.incomplete{border:2px solid var(--high);border-radius:6px;padding:4px 14px;margin:12px 0}
.incomplete h2{color:var(--high);border:0;margin:8px 0 4px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--panel:#fff;--border:#999;--bar:#333;--cell:#333}
body{max-width:none;padding:0;font-size:11px}nav{display:none}
h2{break-after:avoid}figure,.card,tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;
