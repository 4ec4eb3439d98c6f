import { readFileSync } from "node:fs";
const { loadRuleSet } = await import("./dist/src/load/rule-set.js");
const { importLetter } = await import("./dist/src/import/import-letter.js");
const drugs = loadRuleSet(["rules"]).ruleSet.drugs;
const t = readFileSync(process.argv[2], "utf8");
for (let i = 0; i < 3; i++) { const t0 = performance.now(); try { importLetter(t, { id: "x", letterPath: "x", drugs }); } catch (e) { console.log(e.message); } console.log((performance.now() - t0).toFixed(0), "ms"); }
