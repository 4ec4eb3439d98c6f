// Runs one compiled engine on one item's facts and reads every rule's three-valued result.
import type { Engine } from "json-rules-engine";
import type { FactMap } from "../facts/catalog.js";
import { triOf, type Tri } from "./three-valued.js";

export async function runEngine(engine: Engine, facts: FactMap): Promise<Map<string, Tri>> {
  // A fresh plain object per run; only catalogue names are ever keys.
  const runtime: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(facts)) if (v !== undefined) runtime[k] = v;
  const { results, failureResults } = await engine.run(runtime);
  const out = new Map<string, Tri>();
  for (const r of [...results, ...failureResults]) {
    out.set(r.name as string, triOf(r.conditions as never));
  }
  return out;
}
