// Parameter references in a rule's printed texts: "MED above {med-ceiling-mg}" reads "MED above
// 120 mg/day MED". A threshold is then written once (its parameter), and the condition that tests it
// and the sentence that states it both follow an edit of its value. Only a plain parameter id may
// stand between braces: no expressions, units or formats, so a rule text stays data.
import type { Parameter, RuleFile } from "../schema/rule-file.js";
import type { Path } from "../load/yaml-document.js";

/** A `{...}` in a text: a plain id (`id` set) or something else (`id` undefined), at `index`. */
export interface TextReference {
  raw: string;
  index: number;
  id?: string;
}

const PLAIN_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Every brace group in `text`, in order. Braces are reserved for references: a `{` without its `}`
 * (or a `}` without its `{`) is returned as a reference with no id, so the check reports it.
 */
export function textReferences(text: string): TextReference[] {
  const out: TextReference[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    const close = text.indexOf("}", i);
    if (open < 0 && close < 0) break;
    if (close >= 0 && (open < 0 || close < open)) {
      out.push({ raw: "}", index: close });
      i = close + 1;
      continue;
    }
    const end = text.indexOf("}", open + 1);
    const nextOpen = text.indexOf("{", open + 1);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      out.push({ raw: "{", index: open });
      i = open + 1;
      continue;
    }
    const raw = text.slice(open, end + 1);
    const inner = raw.slice(1, -1);
    out.push(PLAIN_ID.test(inner) ? { raw, index: open, id: inner } : { raw, index: open });
    i = end + 1;
  }
  return out;
}

/** A parameter as printed: its value and unit ("120 mg/day MED", "28 days"); a list joined by commas. */
export function renderParameter(p: Pick<Parameter, "value" | "unit">): string {
  const value = Array.isArray(p.value) ? p.value.join(", ") : String(p.value);
  if (!p.unit) return value;
  // "50%", not "50 %"; every other unit after a space ("120 mg/day MED", "28 days").
  return p.unit.startsWith("%") ? `${value}${p.unit}` : `${value} ${p.unit}`;
}

/** `text` with each `{id}` replaced by its parameter's value and unit. Unknown ids stay as written (the check reports them). */
export function renderText(text: string, parameters: readonly Pick<Parameter, "id" | "value" | "unit">[]): string {
  if (!text.includes("{")) return text;
  const byId = new Map(parameters.map((p) => [p.id, p]));
  return text.replace(/\{([a-z][a-z0-9-]*)\}/g, (whole, id: string) => {
    const p = byId.get(id);
    return p ? renderParameter(p) : whole;
  });
}

/**
 * Every text of a rule a reader sees that may refer to its parameters, with where it is written:
 * criterion texts, advisory messages, policy questions, option texts and option advisories.
 */
export function ruleTexts(rule: RuleFile): { path: Path; text: string }[] {
  const out: { path: Path; text: string }[] = [];
  rule.criteria.forEach((c, i) => out.push({ path: ["criteria", i, "text"], text: c.text }));
  (rule.decision.advisories ?? []).forEach((a, i) => {
    out.push({ path: ["decision", "advisories", i, "message"], text: a.message });
    if (a.if_not_documented !== undefined) out.push({ path: ["decision", "advisories", i, "if_not_documented"], text: a.if_not_documented });
  });
  (rule.policies ?? []).forEach((p, i) => {
    out.push({ path: ["policies", i, "question"], text: p.question });
    p.options.forEach((o, j) => {
      out.push({ path: ["policies", i, "options", j, "text"], text: o.text });
      const advisory = o.when_not_necessary?.advisory;
      if (advisory !== undefined) out.push({ path: ["policies", i, "options", j, "when_not_necessary", "advisory"], text: advisory });
    });
  });
  return out;
}

/**
 * The rule with every printed text's references replaced (a new object; the loaded one is left as
 * written). Run once, when the rule set is assembled, after the checks passed.
 */
export function resolveRuleTexts(rule: RuleFile): RuleFile {
  const params = rule.parameters ?? [];
  if (!ruleTexts(rule).some((t) => t.text.includes("{"))) return rule;
  const r = (t: string) => renderText(t, params);
  return {
    ...rule,
    criteria: rule.criteria.map((c) => ({ ...c, text: r(c.text) })),
    decision: {
      ...rule.decision,
      ...(rule.decision.advisories
        ? {
            advisories: rule.decision.advisories.map((a) => ({
              ...a,
              message: r(a.message),
              ...(a.if_not_documented !== undefined ? { if_not_documented: r(a.if_not_documented) } : {}),
            })),
          }
        : {}),
    },
    ...(rule.policies
      ? {
          policies: rule.policies.map((p) => ({
            ...p,
            question: r(p.question),
            options: p.options.map((o) => ({
              ...o,
              text: r(o.text),
              ...(o.when_not_necessary
                ? {
                    when_not_necessary: {
                      ...o.when_not_necessary,
                      ...(o.when_not_necessary.advisory !== undefined ? { advisory: r(o.when_not_necessary.advisory) } : {}),
                    },
                  }
                : {}),
            })),
          })),
        }
      : {}),
  };
}
