// Model bugs: states no kernel can reach, so they throw instead of becoming events. The message
// is joined at the throw, never formatted by a template on the checked path: the optimising
// compiler treats number formatting as pure and may hoist it out of the failing branch into every
// call (it did, once per COW fault, when two checks formatted the same pfn).

/** The error a model bug throws: "model bug: " and the parts joined by spaces. */
export function modelBug(...parts: readonly (string | number)[]): Error {
  return new Error(`model bug: ${parts.join(" ")}`);
}
