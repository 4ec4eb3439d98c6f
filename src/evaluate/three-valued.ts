// Three-valued reading of a json-rules-engine result tree: true, false, or undefined when the
// answer depends on a fact the record does not document. json-rules-engine itself is two-valued
// and, with allowUndefinedFacts, calls notEqual/notIn true on a missing fact; here a leaf whose
// fact is missing is undefined, so a missing fact can never make a criterion pass.

export type Tri = true | false | undefined;

interface ResultNode {
  all?: ResultNode[];
  any?: ResultNode[];
  not?: ResultNode;
  fact?: string;
  factResult?: unknown;
  result?: boolean;
}

export function triOf(node: ResultNode): Tri {
  if (node.all) return and(node.all.map(triOf));
  if (node.any) return or(node.any.map(triOf));
  if (node.not) return not(triOf(node.not));
  // A leaf json-rules-engine did not reach (short-circuit) has no result: unknown, not false.
  if (node.result === undefined) return undefined;
  if (node.factResult === undefined || node.factResult === null) return undefined;
  return node.result;
}

export function and(values: Tri[]): Tri {
  if (values.includes(false)) return false;
  if (values.includes(undefined)) return undefined;
  return true;
}

export function or(values: Tri[]): Tri {
  if (values.includes(true)) return true;
  if (values.includes(undefined)) return undefined;
  return false;
}

export function not(v: Tri): Tri {
  return v === undefined ? undefined : !v;
}
