// The drug index is built by the loader (src/validate/drug-index.ts); derivation reads it from here.
export { DrugIndex, classesOf, normalizeDrugName, type DrugClass, type ResolvedDrug } from "../validate/drug-index.js";
