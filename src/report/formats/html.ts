// The audit as one self-contained HTML file: no network, inline CSS, inline SVG charts and a small
// inline script. Charts show agreement and consistency by guideline, rule, drug class or service,
// reviewer specialty and year; the item table filters and sorts; each item has a drill-down with
// every criterion, the comparisons made, the facts and the letter's quotes, the citation, and
// what would change the outcome.
import type { Finding } from "../consistency/finding.js";
import type { AuditRow as ReportItem } from "../audit.js";
import { findingsByItem, rowKey, type ItemDrill, type ReportModel } from "../model.js";

/** A row as the page uses it: with the findings that name it and its drill-down. */
type HtmlItem = ReportItem & { findings: string[]; drill?: ItemDrill };
import { embeddedRunRecord } from "../run-record.js";
import { renderMed } from "../text-case.js";
import { factValue } from "../format-value.js";
import { GROUPINGS, groupBy, percent, summaryLine, verdict, type GroupRow } from "./common.js";

export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const COLORS = { agree: "#2e7d32", disagree: "#c62828", not_evaluated: "#9e9e9e", inconsistent: "#ef6c00" };

export function renderHtml(model: ReportModel): string {
  const fx = findingsByItem(model.consistency);
  const items: HtmlItem[] = model.items.map((i) => {
    const drill = model.drill?.get(`${i.file}\u0000${i.item}`);
    return { ...i, findings: fx.get(rowKey(i)) ?? [], ...(drill ? { drill } : {}) };
  });
  const m = { ...model, items };
  const anchors = new Map(m.items.map((i, n) => [`${i.case}/${i.item}`, `item-${n + 1}`]));
  const findingAnchor = new Map(m.consistency.map((f, n) => [f.id, `finding-${n + 1}`]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IMR audit: ${esc(m.summary.items)} items, ${esc(m.summary.disagree)} disagree</title>
<style>${CSS}</style>
</head>
<body>
<!-- ${embeddedRunRecord(m.run)} -->
<header>
<h1>IMR audit</h1>
<p class="summary" id="summary">${esc(summaryLine(m))}</p>
<p class="counts"><span class="pill agree">${m.summary.agree} agree</span> <span class="pill disagree">${m.summary.disagree} disagree</span> <span class="pill not-evaluated">${m.summary.not_evaluated} not evaluated</span> <span class="pill inconsistent">${m.consistency.length} consistency findings</span></p>
<nav><a href="#charts">Charts</a> · <a href="#items">Items</a> · <a href="#findings">Consistency</a> · <a href="#detail">Drill-down</a>${m.errors.length ? ' · <a href="#errors">Errors</a>' : ""} · <a href="#run">Run record</a></nav>
</header>
<main>
<section id="charts">
<h2>Agreement and consistency</h2>
<p class="legend"><span class="swatch" style="background:${COLORS.agree}"></span>agree <span class="swatch" style="background:${COLORS.disagree}"></span>disagree <span class="swatch" style="background:${COLORS.not_evaluated}"></span>not evaluated <span class="swatch" style="background:${COLORS.inconsistent}"></span>named in a consistency finding</p>
<div class="charts">
${GROUPINGS.map((g) =>
  chart(
    g.key,
    g.label,
    groupBy(m.items, g.of, (i) => (i as HtmlItem).findings.length > 0),
  ),
).join("\n")}
</div>
</section>
<section id="items">
<h2>Items</h2>
<div class="controls">
<label>Filter <input id="filter-text" type="search" placeholder="case, item, rule, criterion..."></label>
<label>Show <select id="filter-verdict">
<option value="all">all items</option>
<option value="disagree">disagree</option>
<option value="agree">agree</option>
<option value="not evaluated">not evaluated</option>
<option value="inconsistent">in a consistency finding</option>
</select></label>
<span id="shown" aria-live="polite">${m.items.length} of ${m.items.length} items shown</span>
</div>
<div class="scroll"><table id="item-table">
<thead><tr>${["Case", "Item", "Rule", "Drug class or service", "Specialty", "Year", "Recorded", "Reproduced", "Rule-set policies", "Verdict", "Deciding", "Findings"].map((h, n) => `<th data-col="${n}" tabindex="0" aria-sort="none">${esc(h)}</th>`).join("")}</tr></thead>
<tbody>
${m.items.map((i) => itemRow(i, anchors.get(`${i.case}/${i.item}`)!, findingAnchor)).join("\n")}
</tbody>
</table></div>
</section>
<section id="findings">
<h2>Consistency findings (${m.consistency.length})</h2>
${m.consistency.length ? m.consistency.map((f) => finding(f, findingAnchor.get(f.id)!, anchors)).join("\n") : "<p>No consistency findings.</p>"}
</section>
<section id="detail">
<h2>Drill-down</h2>
${m.items.map((i) => drill(i, anchors.get(`${i.case}/${i.item}`)!, findingAnchor)).join("\n")}
</section>
${m.errors.length ? errors(m) : ""}
<section id="run">
<h2>Run record</h2>
${runRecord(m)}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function chart(key: string, label: string, rows: GroupRow[]): string {
  const barW = 360;
  const labelW = 230;
  const rowH = 30;
  const max = Math.max(1, ...rows.map((r) => r.items));
  const h = rows.length * rowH + 10;
  const bars = rows.map((r, n) => {
    const y = n * rowH + 5;
    let x = labelW;
    const seg = (count: number, color: string, what: string) => {
      if (!count) return "";
      const w = (count / max) * barW;
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${color}"><title>${esc(`${r.key}: ${count} ${what}`)}</title></rect>`;
      x += w;
      return rect;
    };
    const shown = r.key.length > 34 ? `${r.key.slice(0, 33)}…` : r.key;
    const incon = r.inconsistent
      ? `<rect x="${labelW}" y="${y + 18}" width="${((r.inconsistent / max) * barW).toFixed(1)}" height="5" fill="${COLORS.inconsistent}"><title>${esc(`${r.key}: ${r.inconsistent} in consistency findings`)}</title></rect>`
      : "";
    return `<g class="bar"><text x="${labelW - 6}" y="${y + 12}" text-anchor="end"><title>${esc(r.key)}</title>${esc(shown)}</text>${seg(r.agree, COLORS.agree, "agree")}${seg(r.disagree, COLORS.disagree, "disagree")}${seg(r.not_evaluated, COLORS.not_evaluated, "not evaluated")}${incon}<text x="${labelW + barW + 6}" y="${y + 12}">${esc(`${r.agree}/${r.items} agree (${percent(r.agree, r.items)})${r.inconsistent ? `, ${r.inconsistent} in findings` : ""}`)}</text></g>`;
  });
  return `<figure class="chart" id="chart-${key}"><figcaption>By ${esc(label.toLowerCase())}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(`Agreement by ${label.toLowerCase()}`)}" viewBox="0 0 ${labelW + barW + 300} ${h}" width="100%" preserveAspectRatio="xMinYMin meet">${bars.join("")}</svg></figure>`;
}

function itemRow(i: HtmlItem, anchor: string, findingAnchor: ReadonlyMap<string, string>): string {
  const v = verdict(i);
  const cells = [
    esc(i.case),
    `<a href="#${anchor}">${esc(i.name)}</a>`,
    esc(i.rule ?? "no rule"),
    esc(i.category),
    esc(i.specialty),
    esc(i.year),
    esc(i.recorded),
    esc(i.reproduced),
    esc(i.computed),
    `<span class="pill ${v.replace(" ", "-")}">${esc(v)}</span>`,
    esc(i.deciding.join(", ") || "-"),
    i.findings.map((f) => `<a href="#${findingAnchor.get(f)}">${esc(f)}</a>`).join(" ") || "-",
  ];
  return `<tr data-verdict="${esc(v)}" data-findings="${esc(i.findings.join(" "))}">${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

function finding(f: Finding, anchor: string, anchors: ReadonlyMap<string, string>): string {
  const items = f.items.map((i) => `<li><a href="#${anchors.get(`${i.case}/${i.item}`) ?? ""}">${esc(i.case)} / ${esc(i.name)}</a></li>`).join("");
  return `<article class="finding" id="${anchor}"><h3><span class="kind">${esc(f.kind)}</span> ${esc(f.id)}: ${esc(f.title)}</h3><p>${esc(f.message)}</p><ul>${items}</ul></article>`;
}

const STATUS_LABEL = { met: "met", not_met: "not met", not_documented: "not documented", not_applicable: "not applicable" } as const;

function drill(i: HtmlItem, anchor: string, findingAnchor: ReadonlyMap<string, string>): string {
  const d = i.drill;
  const v = verdict(i);
  if (!d) return `<details class="item" id="${anchor}"><summary>${esc(i.case)} / ${esc(i.name)}</summary><p>${esc(i.reason)}</p></details>`;
  const parts: string[] = [];
  parts.push(`<dl>`);
  parts.push(
    `<dt>Outcome</dt><dd>recorded <b>${esc(i.recorded)}</b>, reproduced <b>${esc(i.reproduced)}</b>; under the rule set's policies <b>${esc(i.computed)}</b> <span class="pill ${v.replace(" ", "-")}">${esc(v)}</span></dd>`,
  );
  if (i.practice.length)
    parts.push(
      `<dt>Reviewer's practice</dt><dd>${i.practice.map((p) => `${esc(p.policy)}=${esc(p.option)}: <blockquote>${esc(p.evidence)}</blockquote>`).join("")}</dd>`,
    );
  parts.push(`<dt>Why</dt><dd>${esc(i.reason)}</dd>`);
  if (d.asOf) parts.push(`<dt>As of</dt><dd>${esc(d.asOf.date)} (${esc(d.asOf.source)})</dd>`);
  if (d.rule)
    parts.push(
      `<dt>Rule</dt><dd>${esc(d.rule.id)}: ${esc(d.rule.title)}<br>${esc(d.rule.guideline)}, ${esc(d.rule.edition)}; in force ${esc(d.rule.effective_from)}..${esc(d.rule.effective_to ?? "")} <code>${esc(d.rule.location)}</code></dd>`,
    );
  if (d.policies.length)
    parts.push(
      `<dt>Policies</dt><dd>${d.policies.map((p) => `${esc(p.id)}=${esc(p.option)}${p.isDefault ? " (default)" : ""}${p.effect ? `: ${esc(p.effect)}` : ""}`).join("<br>")}</dd>`,
    );
  if (d.cited) parts.push(`<dt>The letter cites</dt><dd>${esc(d.cited)}</dd>`);
  parts.push(`<dt>Reviewer</dt><dd>${esc(i.specialty)}</dd>`);
  parts.push(`</dl>`);
  if (d.criteria.length) {
    parts.push(
      `<table class="criteria"><thead><tr><th>Status</th><th>Criterion</th><th>Comparisons</th><th>Facts and the letter's words</th><th>Citation</th></tr></thead><tbody>`,
    );
    for (const c of d.criteria) {
      const comps = d.comparisons.filter((x) => x.criterion === c.id);
      const compCell = comps
        .map(
          (x) =>
            `<div class="cmp ${x.result === null ? "unknown" : x.result !== x.negated ? "yes" : "no"}">${x.part === "applies_if" ? "applies if: " : ""}${x.negated ? "not " : ""}<code>${esc(x.fact)} ${esc(x.operator)} ${esc(Array.isArray(x.value) ? x.value.join(", ") : x.value)}</code>${x.parameter ? ` <i>(parameter ${esc(x.parameter)})</i>` : ""} → ${x.actual === null ? "not documented" : esc(Array.isArray(x.actual) ? `[${x.actual.join(", ")}]` : x.actual)}${x.result === null ? "" : x.result ? " (true)" : " (false)"}</div>`,
        )
        .join("");
      const facts = c.facts
        .map(
          (f) =>
            `<div class="fact"><code>${esc(f.name)}</code> = ${esc(factValue(f))}${f.unit && f.value !== null ? ` ${esc(f.unit)}` : ""}${f.note ? ` <i>(${esc(f.note)})</i>` : ""}${f.evidence.map((e) => `<blockquote>${esc(e)}</blockquote>`).join("")}</div>`,
        )
        .join("");
      const cit = c.citation;
      parts.push(
        `<tr class="status-${c.status}"><td>${esc(STATUS_LABEL[c.status])}${c.deciding ? "<br><b>deciding</b>" : ""}${c.role !== "decision" ? `<br><i>${esc(c.role)}</i>` : ""}</td><td><b>${esc(c.id)}</b> ${esc(c.text)}</td><td>${compCell || "-"}</td><td>${facts || "-"}</td><td>${esc(`${cit.guideline} ${cit.edition}, ${cit.section}, p.${cit.pages} (${cit.status})`)}${cit.note ? `<br><i>${esc(cit.note)}</i>` : ""}<br><code>${esc(c.location)}</code></td></tr>`,
      );
    }
    parts.push(`</tbody></table>`);
  }
  if (d.advisories.length) parts.push(`<h4>Advisories</h4><ul>${d.advisories.map((a) => `<li>${esc(a.source)}: ${esc(a.message)}</li>`).join("")}</ul>`);
  if (d.med?.lines.length) parts.push(`<h4>MED</h4><pre>${esc(renderMed(d.med).join("\n"))}</pre>`);
  const w = i.what_would_change;
  if (w) {
    parts.push(`<h4>What would change it</h4>`);
    if (w.sets.length === 0) parts.push(`<p>No documentation alone would make this item necessary under this rule.</p>`);
    else {
      parts.push(`<p>The smallest sets of facts whose documentation would make it medically necessary:</p><ol class="wwc">`);
      for (const s of w.sets)
        parts.push(
          `<li><ul>${s.requirements.map((r) => `<li><b>${esc(r.criterion)}</b>: ${esc(r.text)}${r.current !== null ? ` <i>(the record shows ${esc(JSON.stringify(r.current))})</i>` : ""}</li>`).join("")}</ul></li>`,
        );
      parts.push(`</ol>${w.more ? `<p>${w.more} more sets not listed.</p>` : ""}`);
    }
  }
  if (i.findings.length)
    parts.push(`<h4>Consistency findings</h4><p>${i.findings.map((f) => `<a href="#${findingAnchor.get(f)}">${esc(f)}</a>`).join(" ")}</p>`);
  return `<details class="item" id="${anchor}"><summary><span class="pill ${v.replace(" ", "-")}">${esc(v)}</span> ${esc(i.case)} / ${esc(i.name)} <small>${esc(i.rule ?? "no rule")}</small></summary>${parts.join("\n")}</details>`;
}

function errors(m: ReportModel): string {
  return `<section id="errors"><h2>Case files with errors</h2><ul>${m.errors.map((e) => `<li><code>${esc(`${e.file}:${e.line}:${e.column}`)}</code> ${esc(e.code)}: ${esc(e.message)}${e.hint ? `<br><i>${esc(e.hint)}</i>` : ""}</li>`).join("")}</ul></section>`;
}

function runRecord(m: ReportModel): string {
  const r = m.run;
  const rows: [string, string][] = [
    ["Tool", `${r.tool.name} ${r.tool.version}`],
    ["Command", r.command],
    ["Date", r.date],
    ["Rules", `${r.rules.dir}: ${r.rules.count} files, sha256 ${r.rules.digest}`],
    ["Cases", `${r.cases.paths.join(", ")}: ${r.cases.count} files, sha256 ${r.cases.digest}`],
    [
      "Policies",
      Object.entries(r.policies)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ") || "none",
    ],
    ["Tables", r.tables.join(", ") || "none"],
    [
      "Filters",
      Object.entries(r.filters)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(", ") || "none",
    ],
    ["Results", `sha256 ${r.results_digest}`],
  ];
  if (r.base_rules) rows.splice(4, 0, ["Base rules", `${r.base_rules.ref}: ${r.base_rules.files.length} files, sha256 ${r.base_rules.digest}`]);
  const files = [...r.rules.files, ...r.cases.files].map((f) => `<tr><td><code>${esc(f.path)}</code></td><td><code>${esc(f.sha256)}</code></td></tr>`).join("");
  return `<table class="run">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table><details><summary>Files by content hash</summary><table class="files">${files}</table></details><p>Check it later with <code>imr audit --verify &lt;this file&gt;</code>.</p>`;
}

const CSS = `
.scroll{overflow-x:auto}
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
body{margin:0 auto;max-width:1200px;padding:0 16px 48px}
h1{margin:16px 0 4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
.summary{font-size:1.05em}
nav a{color:#0d47a1}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85em;color:#fff;background:#555;white-space:nowrap}
.pill.agree{background:${COLORS.agree}}.pill.disagree{background:${COLORS.disagree}}.pill.not-evaluated{background:${COLORS.not_evaluated}}.pill.inconsistent{background:${COLORS.inconsistent}}
.legend .swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:8px 24px}
figure.chart{margin:8px 0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:12px;fill:#222}
.controls{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3;cursor:pointer;user-select:none}
thead th[aria-sort=ascending]::after{content:" ▲"}thead th[aria-sort=descending]::after{content:" ▼"}
tr[hidden]{display:none}
.finding{border-left:4px solid ${COLORS.inconsistent};padding:2px 12px;margin:12px 0;background:#fff8f0}
.finding .kind{font-family:monospace;font-size:.8em;background:#ffe0b2;padding:1px 4px}
details.item{border:1px solid #ddd;border-radius:4px;margin:8px 0;padding:4px 8px}
details.item summary{cursor:pointer;font-weight:600}
details.item small{color:#666;font-weight:400}
dl{display:grid;grid-template-columns:160px 1fr;gap:2px 12px}dt{font-weight:600;color:#444}dd{margin:0}
.criteria tr.status-met td:first-child{color:${COLORS.agree}}
.criteria tr.status-not_met td:first-child{color:${COLORS.disagree}}
.criteria tr.status-not_documented td:first-child{color:#8d6e00}
.criteria tr.status-not_applicable{color:#777}
.cmp.yes code{background:#e8f5e9}.cmp.no code{background:#ffebee}.cmp.unknown code{background:#fff8e1}
blockquote{margin:2px 0 4px 8px;padding-left:8px;border-left:3px solid #ccc;color:#444;font-style:italic}
pre{background:#f7f7f7;padding:8px;overflow-x:auto}
.run th{width:140px;background:#f3f3f3}
@media print{nav,.controls{display:none}details.item{break-inside:avoid}}
`;

// Filtering and sorting of the item table; a URL fragment such as #only=disagree, #q=oxycodone or
// #sort=1 (column 1 ascending; #sort=-1 descending) sets the view on load, so a link can point at it.
const SCRIPT = `
(function(){
  var table=document.getElementById('item-table');
  var rows=Array.prototype.slice.call(table.tBodies[0].rows);
  var text=document.getElementById('filter-text');
  var sel=document.getElementById('filter-verdict');
  var shown=document.getElementById('shown');
  function apply(){
    var q=text.value.trim().toLowerCase(), v=sel.value, n=0;
    rows.forEach(function(r){
      var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(v==='all'||(v==='inconsistent'?r.getAttribute('data-findings')!=='':r.getAttribute('data-verdict')===v));
      r.hidden=!ok; if(ok)n++;
    });
    shown.textContent=n+' of '+rows.length+' items shown';
    document.body.setAttribute('data-shown',String(n));
  }
  text.addEventListener('input',apply); sel.addEventListener('change',apply);
  var ths=table.tHead.rows[0].cells;
  function sortBy(col){
    var th=ths[col], dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    Array.prototype.forEach.call(ths,function(h){h.setAttribute('aria-sort','none');});
    th.setAttribute('aria-sort',dir);
    rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent;var c=x.localeCompare(y,undefined,{numeric:true});return dir==='ascending'?c:-c;});
    rows.forEach(function(r){table.tBodies[0].appendChild(r);});
  }
  Array.prototype.forEach.call(ths,function(th,i){
    th.addEventListener('click',function(){sortBy(i);});
    th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sortBy(i);}});
  });
  var h=location.hash.slice(1).split('&');
  h.forEach(function(p){var kv=p.split('=');if(kv[0]==='only'&&kv[1])sel.value=decodeURIComponent(kv[1]).replace('-',' ');if(kv[0]==='q'&&kv[1])text.value=decodeURIComponent(kv[1]);if(kv[0]==='sort'&&/^-?\\d+$/.test(kv[1]||'')){var c=Math.abs(+kv[1]);if(ths[c]){sortBy(c);if(kv[1].charAt(0)==='-')sortBy(c);}}});
  if(location.hash.indexOf('#item-')===0){var d=document.getElementById(location.hash.slice(1));if(d)d.open=true;}
  apply();
})();
`;
