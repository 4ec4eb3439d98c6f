// The value building blocks of case and rule files (partial dates, evidence, the documented /
// not-documented fact wrapper, scores) live in the core, beside the fact declarations that use
// them; schema modules import them from here.
export * from "../facts/values.js";
