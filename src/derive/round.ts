// Rounding to the step the rule data gives (MED to 0.1 mg/day), done on decimal digits so that
// 0.1-steps come out as the nearest double (135.1, never 135.10000000000002).
export function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number((Math.round(value / step) * step).toFixed(decimals));
}
