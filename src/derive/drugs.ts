// The drug index is built by the loader (src/load/drug-index.ts); derivation reads it from here.
export { DrugIndex, classesOf, normalizeDrugName, type DrugClass, type ResolvedDrug } from "../load/drug-index.js";
