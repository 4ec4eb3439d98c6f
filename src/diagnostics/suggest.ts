// "did you mean ...?" for misspelt keys, fact names, ids and enum values. Its cost is bounded
// whatever the input: words and candidates longer than MAX_WORD are not compared, the distance is
// computed only in the band a suggestion could lie in, and one call compares at most
// MAX_CELLS characters in all (then it suggests the best seen so far, or nothing).

/** Ids and names are at most 200 characters; nothing longer is a typo of something shorter. */
export const MAX_WORD = 200;
/** Cells of the distance table one suggestion may fill (about a millisecond). */
export const MAX_CELLS = 200_000;

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_WORD) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let budget = MAX_CELLS;
  for (const c of candidates) {
    if (c.length > MAX_WORD) continue;
    const cLower = c.toLowerCase();
    // The distance is at least the difference in length: skip what cannot be close enough.
    if (Math.abs(lower.length - cLower.length) > limit) continue;
    const cost = lower.length * (2 * limit + 1);
    if (cost > budget) break;
    budget -= cost;
    const d = bandedDistance(lower, cLower, Math.min(limit, bestDistance));
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/**
 * Levenshtein distance if it is at most `max`, else max + 1: only cells within `max` of the
 * diagonal are filled (Ukkonen's band), so the cost is O(length x max), not O(length^2).
 */
function bandedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const BIG = max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : BIG;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(BIG);
    cur[0] = i <= max ? i : BIG;
    let rowMin = cur[0]!;
    for (let j = from; j <= to; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = Math.min(v, BIG);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return BIG;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, BIG);
}
