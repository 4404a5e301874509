// "Did you mean" for diagnostics: the nearest candidate by edit distance, if close enough.

/** Scratch rows reused across calls: suggestions run once per diagnostic, often thousands per file. */
let scratch = new Int32Array(3 * 64);

/** Levenshtein distance with adjacent transpositions counted as one edit (three rolling rows). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const w = b.length + 1;
  if (scratch.length < 3 * w) scratch = new Int32Array(3 * w);
  const d = scratch;
  let before = 0;
  let prev = w;
  let row = 2 * w;
  for (let j = 0; j < w; j++) d[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[row] = i;
    for (let j = 1; j < w; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min((d[prev + j] as number) + 1, (d[row + j - 1] as number) + 1, (d[prev + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, (d[before + j - 2] as number) + 1);
      }
      d[row + j] = best;
    }
    const t = before;
    before = prev;
    prev = row;
    row = t;
  }
  return d[prev + b.length] as number;
}

/**
 * The candidate nearest to `word`, or null when none is within max(1, ⌊len/3⌋) edits.
 * Ties go to the earlier candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | null {
  const w = word.toLowerCase();
  // Very long words are not typos of short keywords; the cap also bounds the work.
  if (w.length > 40) return null;
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The length difference is a lower bound of the distance: skip hopeless candidates cheaply.
    if (c === word || Math.abs(c.length - w.length) > limit) continue;
    const dist = editDistance(w, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (best === null) return null;
  if (bestDistance <= limit) return best;
  return null;
}

/** `did you mean `x`?` for the nearest candidate, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const n = nearest(word, candidates);
  return n === null ? undefined : `did you mean \`${n}\`?`;
}
