// Outcomes that rest only on criteria the record does not document: an item found not necessary
// (recorded and computed Upheld) where every deciding criterion is "not documented": silence
// decided, nothing was documented against it. Counted per reviewer specialty and guideline, one
// finding per group that has any, with the group's total for scale.
import { guidelineFamily } from "../audit.js";
import type { CheckedCase, CheckedResult, ConsistencyCheck } from "./index.js";
import type { ItemRef, NewFinding } from "./finding.js";

const MAX_LISTED = 200;

interface Group {
  specialty: string;
  guideline: string;
  total: number;
  count: number;
  items: ItemRef[];
}

export class NotDocumentedCheck implements ConsistencyCheck {
  private readonly groups = new Map<string, Group>();

  add(data: CheckedCase, result: CheckedResult): NewFinding[] {
    const specialty = (data.reviewer?.specialty ?? []).join(", ") || "not stated";
    for (const i of result.items) {
      if (!i.rule || i.computed === "Not evaluated") continue;
      const guideline = guidelineFamily(i.rule.guideline);
      const key = `${specialty}\u0000${guideline}`;
      const g = this.groups.get(key) ?? { specialty, guideline, total: 0, count: 0, items: [] };
      g.total++;
      const deciding = i.criteria.filter((c) => i.deciding.includes(c.id));
      if (i.recorded === "Upheld" && i.computed === "Upheld" && deciding.length > 0 && deciding.every((c) => c.status === "not_documented")) {
        g.count++;
        if (g.items.length < MAX_LISTED) g.items.push({ case: result.case, item: i.item, name: i.name });
      }
      this.groups.set(key, g);
    }
    return [];
  }

  finish(): NewFinding[] {
    const out: NewFinding[] = [];
    for (const key of [...this.groups.keys()].sort()) {
      const g = this.groups.get(key)!;
      if (g.count === 0) continue;
      const f: NewFinding = {
        kind: "rests-on-not-documented",
        title: `${g.count} of ${g.total} ${g.guideline} items reviewed by ${g.specialty} rest only on criteria not documented`,
        message: `${g.count} of ${g.total} items decided under ${g.guideline} by reviewers in ${g.specialty} were found not necessary only because the record is silent on every deciding criterion (none was documented as failing): ${g.items.map((i) => `${i.case}/${i.item}`).join(", ")}${g.count > g.items.length ? ", ..." : ""}.`,
        items: g.items,
        detail: { specialty: g.specialty, guideline: g.guideline, count: g.count, of: g.total },
      };
      if (g.count > g.items.length) f.more_items = g.count - g.items.length;
      out.push(f);
    }
    return out;
  }
}
