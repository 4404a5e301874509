// Removes source positions from a syntax tree so trees from different texts compare equal.

const POSITION_KEYS = new Set(["span", "keyword", "verbSpan"]);

/** A deep copy of the tree without spans. */
export function stripSpans<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map((n) => stripSpans(n));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!POSITION_KEYS.has(k)) out[k] = stripSpans(v);
  return out;
}
