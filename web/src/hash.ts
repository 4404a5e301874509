// The shareable view in the URL hash: the scenario (a corpus example by path, or the text
// itself as base64url UTF-8), the kernel version, the step (1-based) and the compared version.
// `cowlab view` writes the same keys (src/cli/viewServer.ts).

export interface HashState {
  /** Path under scenarios/ of a corpus example, when the text is that example unchanged. */
  readonly example: string | null;
  /** The scenario text, when it is not an unchanged example. */
  readonly text: string | null;
  /** Where the text came from (a file name or a trace), for the header. */
  readonly source: string | null;
  readonly version: string | null;
  /** 1-based step; null opens the first step. */
  readonly step: number | null;
  readonly compare: string | null;
}

export function encodeText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeText(code: string): string | null {
  try {
    const bin = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function parseHash(hash: string): HashState {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const stepText = p.get("s");
  const step = stepText !== null && /^\d+$/.test(stepText) ? Number(stepText) : null;
  const src = p.get("src");
  return {
    example: p.get("ex"),
    text: src === null ? null : decodeText(src),
    source: p.get("name"),
    version: p.get("v"),
    step,
    compare: p.get("cmp"),
  };
}

export function formatHash(s: HashState): string {
  const p = new URLSearchParams();
  if (s.example !== null) p.set("ex", s.example);
  else if (s.text !== null) p.set("src", encodeText(s.text));
  if (s.source !== null) p.set("name", s.source);
  if (s.version !== null) p.set("v", s.version);
  if (s.step !== null) p.set("s", String(s.step));
  if (s.compare !== null) p.set("cmp", s.compare);
  return `#${p.toString()}`;
}
