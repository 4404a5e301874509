// The world's frames by pfn. Pfns are handed out in increasing order and never reused,
// so a dense array indexed by pfn keeps Map's insertion order for free and avoids the
// rehashing a Map of hundreds of thousands of integer keys pays on every allocation.
import type { Pfn } from "./ids.js";
import type { Frame } from "./state.js";

/** A Map<Pfn, Frame> backed by an array indexed by pfn; iteration is in ascending pfn order. */
export class FrameTable implements Map<Pfn, Frame> {
  private readonly slots: (Frame | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get [Symbol.toStringTag](): string {
    return "FrameTable";
  }

  get(pfn: Pfn): Frame | undefined {
    return this.slots[pfn];
  }

  has(pfn: Pfn): boolean {
    return this.slots[pfn] !== undefined;
  }

  set(pfn: Pfn, frame: Frame): this {
    // Fill any gap with holes first so the array stays a packed list, not a dictionary.
    while (this.slots.length < pfn) this.slots.push(undefined);
    if (this.slots[pfn] === undefined) this.count++;
    this.slots[pfn] = frame;
    return this;
  }

  delete(pfn: Pfn): boolean {
    if (this.slots[pfn] === undefined) return false;
    this.slots[pfn] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.slots.length = 0;
    this.count = 0;
  }

  forEach(fn: (frame: Frame, pfn: Pfn, map: Map<Pfn, Frame>) => void, thisArg?: unknown): void {
    for (const [pfn, frame] of this.entries()) fn.call(thisArg, frame, pfn, this);
  }

  *entries(): MapIterator<[Pfn, Frame]> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const f = slots[i];
      if (f !== undefined) yield [i as Pfn, f];
    }
  }

  *keys(): MapIterator<Pfn> {
    for (const [pfn] of this.entries()) yield pfn;
  }

  *values(): MapIterator<Frame> {
    for (const [, f] of this.entries()) yield f;
  }

  [Symbol.iterator](): MapIterator<[Pfn, Frame]> {
    return this.entries();
  }
}
