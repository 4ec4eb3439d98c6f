// A hand-made item result for tests of what reads results (coverage, what would change it): an
// Upheld item that agrees with its record, with nothing decided; each test sets what it looks at.
import type { ItemResult } from "../../src/evaluate/result.js";

export function itemResult(fields: Partial<ItemResult> & Pick<ItemResult, "rule" | "criteria">): ItemResult {
  return {
    item: "i",
    name: "i",
    recorded: "Upheld",
    computed: "Upheld",
    reproduced: "Upheld",
    agree: true,
    consistent: true,
    practice: [],
    reason: "",
    policies: [],
    deciding: [],
    advisories: [],
    ...fields,
  };
}
