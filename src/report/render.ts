// From the report model to the formats that need the whole run at once.
import type { ReportFormat, ReportModel } from "./model.js";
import { renderCsv } from "./formats/csv.js";
import { renderHtml } from "./formats/html.js";
import { renderJunit } from "./formats/junit.js";
import { renderMarkdown } from "./formats/markdown.js";
import { renderAudit } from "./audit.js";
import { toJson } from "./write-output.js";

export function renderWhole(format: ReportFormat, model: ReportModel): string {
  switch (format) {
    case "text":
      return renderAudit(model);
    case "json": {
      const { drill: _drill, ...rest } = model;
      return toJson(rest);
    }
    case "ndjson": {
      const { run, items, consistency, errors, summary } = model;
      const { cases, tables, results_digest, ...start } = run;
      const lines = [
        { type: "run", run: start },
        ...items.map((i) => ({ type: "item", ...i })),
        ...consistency.map((f) => ({ type: "finding", ...f })),
        ...errors.map((e) => ({ type: "error", ...e })),
        { type: "run_end", cases, tables, results_digest },
        { type: "summary", ...summary },
      ];
      return lines.map((l) => JSON.stringify(l) + "\n").join("");
    }
    case "csv":
      return renderCsv(model);
    case "markdown":
      return renderMarkdown(model);
    case "junit":
      return renderJunit(model);
    case "html":
      return renderHtml(model);
  }
}
