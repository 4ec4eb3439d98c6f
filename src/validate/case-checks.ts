// Checks on a case that its schema cannot express: ids that must exist and be unique, drugs the
// drug map knows, dates in order, and no cycle among items that depend on each other.
import { diagnostic, excerpt, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { firstDay, lastDay } from "../dates/partial-date.js";
import type { DrugIndex } from "./drug-index.js";
import type { Case } from "../schema/case.js";
import { positionOf, type YamlSource } from "../load/yaml-document.js";

export function checkCase(c: Case, source: YamlSource, drugs?: DrugIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[]) => positionOf(source, path);
  const file = source.file;
  // An unknown drug name is a warning in every case, draft or confirmed (see unknownDrug).

  const itemIds = new Set<string>();
  c.items.forEach((item, i) => {
    if (itemIds.has(item.id))
      out.push(diagnostic(file, at(["items", i, "id"]), "duplicate_item", `item id ${item.id} is used twice`, { hint: "give each disputed item its own id" }));
    itemIds.add(item.id);
  });
  const medIds = new Set<string>();
  (c.medications ?? []).forEach((m, i) => {
    if (medIds.has(m.id)) out.push(diagnostic(file, at(["medications", i, "id"]), "duplicate_medication", `medication id ${m.id} is used twice`));
    medIds.add(m.id);
    if (drugs && !drugs.resolve(m.name)) out.push(unknownDrug(file, at(["medications", i, "name"]), m.name, drugs, "the MED is a lower bound that names it"));
  });
  c.items.forEach((item, i) => {
    if (item.kind === "medication") {
      if (drugs && !drugs.resolve(item.drug)) out.push(unknownDrug(file, at(["items", i, "drug"]), item.drug, drugs, `item ${item.id} is Not evaluated`));
      (item.ingredients ?? []).forEach((name, j) => {
        if (drugs && !drugs.resolve(name))
          out.push(unknownDrug(file, at(["items", i, "ingredients", j]), name, drugs, `an ingredient of item ${item.id} that cannot be classified`));
      });
      if (item.continues && !medIds.has(item.continues)) {
        out.push(
          diagnostic(file, at(["items", i, "continues"]), "unknown_medication", `no medication with id ${item.continues}`, {
            hint: didYouMean(item.continues, medIds) ?? "name the id of an entry under medications",
          }),
        );
      }
    } else if (item.associated_with !== undefined) {
      if (!itemIds.has(item.associated_with)) {
        out.push(
          diagnostic(file, at(["items", i, "associated_with"]), "unknown_item", `no item with id ${item.associated_with}`, {
            hint: didYouMean(item.associated_with, itemIds) ?? "name the id of another disputed item",
          }),
        );
      } else if (item.associated_with === item.id) {
        out.push(diagnostic(file, at(["items", i, "associated_with"]), "dependency_cycle", `item ${item.id} goes with itself`));
      }
    }
  });
  // The drug a rationale argues must be one the drug map knows, so the check can compare ingredients.
  c.items.forEach((item, i) => {
    const argued = item.imr.argues?.drug;
    if (argued && drugs && !drugs.resolve(argued))
      out.push(
        unknownDrug(
          file,
          at(["items", i, "imr", "argues", "drug"]),
          argued,
          drugs,
          `the drug item ${item.id}'s rationale argues cannot be compared with the item`,
        ),
      );
  });
  const cycle = findCycle(c);
  // An item that goes with itself is reported above; report other cycles here.
  if (cycle && cycle.length > 2) {
    const i = c.items.findIndex((it) => it.id === cycle[0]);
    out.push(
      diagnostic(file, at(["items", i, "associated_with"]), "dependency_cycle", `items depend on each other in a cycle: ${cycle.join(" -> ")}`, {
        hint: "a service goes with one primary procedure, which must not depend back on it",
      }),
    );
  }

  // Dates in order: nothing requested or decided before the injury.
  const injury = c.dates.injury?.value;
  if (injury) {
    const before = (d: string | undefined) => d !== undefined && lastDay(d) < firstDay(injury);
    if (before(c.dates.request?.value)) out.push(dateBeforeInjury(file, at(["dates", "request", "value"]), "the request date", injury));
    if (before(c.dates.ur_decision?.value)) out.push(dateBeforeInjury(file, at(["dates", "ur_decision", "value"]), "the UR decision", injury));
    c.items.forEach((item, i) => {
      if (before(item.request_date)) out.push(dateBeforeInjury(file, at(["items", i, "request_date"]), `item ${item.id}'s request date`, injury));
      if (before(item.ur.date)) out.push(dateBeforeInjury(file, at(["items", i, "ur", "date"]), `item ${item.id}'s UR date`, injury));
    });
  }
  return out;
}

/** A warning, not an error: one unknown name must not cost the rest of the case (issues 7 and 10). */
function unknownDrug(file: string, pos: { line: number; column: number }, name: string, drugs: DrugIndex, consequence: string): Diagnostic {
  return diagnostic(file, pos, "unknown_drug", `${excerpt(name)} is not in the drug map (rules/drugs.yaml): ${consequence}`, {
    hint: didYouMean(name.toLowerCase(), drugs.names()) ?? "add the name with its ingredients to rules/drugs.yaml, or write the generic name",
  });
}

function dateBeforeInjury(file: string, pos: { line: number; column: number }, what: string, injury: string): Diagnostic {
  return diagnostic(file, pos, "date_before_injury", `${what} is before the injury date ${injury}`, { hint: "check the dates against the letter" });
}

/** Items in dependency order (primaries before the services that go with them), or the cycle. */
export function dependencyOrder(c: Case): { order: string[]; cycle?: string[] } {
  const cycle = findCycle(c);
  if (cycle) return { order: [], cycle };
  const byId = new Map(c.items.map((i) => [i.id, i] as const));
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (id: string) => {
    if (done.has(id)) return;
    const item = byId.get(id);
    if (item?.kind === "service" && item.associated_with && byId.has(item.associated_with)) visit(item.associated_with);
    done.add(id);
    order.push(id);
  };
  c.items.forEach((i) => visit(i.id));
  return { order };
}

function findCycle(c: Case): string[] | undefined {
  const next = new Map<string, string>();
  for (const item of c.items) if (item.kind === "service" && item.associated_with) next.set(item.id, item.associated_with);
  for (const start of next.keys()) {
    const path = [start];
    let cur = next.get(start);
    while (cur !== undefined && path.length <= next.size + 1) {
      if (cur === start) return [...path, start];
      if (path.includes(cur)) break;
      path.push(cur);
      cur = next.get(cur);
    }
  }
  return undefined;
}
