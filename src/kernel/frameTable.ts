// The world's frames by pfn. Pfns are handed out in increasing order and never reused, so
// fixed-size chunks indexed by pfn keep Map's insertion order for free, avoid the rehashing a
// Map of hundreds of thousands of integer keys pays, and never copy a growing backing array.
import type { Pfn } from "./ids.js";
import type { Frame } from "./state.js";
import { modelBug } from "./modelBug.js";

const CHUNK_SHIFT = 8;
const CHUNK_SIZE = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_SIZE - 1;

/** A Map<Pfn, Frame> backed by chunks of CHUNK_SIZE slots indexed by pfn; iteration is in ascending pfn order. */
export class FrameTable implements Map<Pfn, Frame> {
  /** Chunk k holds pfns k * CHUNK_SIZE .. (k + 1) * CHUNK_SIZE - 1; the list has no holes. */
  private readonly chunks: (Frame | undefined)[][] = [];
  private count = 0;
  /** One past the highest pfn ever set: iteration stops there, not at the end of the last chunk. */
  private top = 0;

  get size(): number {
    return this.count;
  }

  get [Symbol.toStringTag](): string {
    return "FrameTable";
  }

  get(pfn: Pfn): Frame | undefined {
    const i = pfn & CHUNK_MASK;
    // A fractional or negative pfn gives an index no chunk has, so it finds nothing, as in a Map.
    const chunk = this.chunks[(pfn - i) / CHUNK_SIZE];
    return chunk === undefined ? undefined : chunk[i];
  }

  has(pfn: Pfn): boolean {
    return this.get(pfn) !== undefined;
  }

  set(pfn: Pfn, frame: Frame): this {
    const i = pfn & CHUNK_MASK;
    const chunk = this.chunks[(pfn - i) / CHUNK_SIZE] ?? this.grow(pfn);
    if (chunk[i] === undefined) this.count++;
    chunk[i] = frame;
    if (pfn >= this.top) this.top = pfn + 1;
    return this;
  }

  /** Adds chunks up to the one of `pfn` (out of line: set runs on every allocation). */
  private grow(pfn: Pfn): (Frame | undefined)[] {
    const k = (pfn - (pfn & CHUNK_MASK)) / CHUNK_SIZE;
    // Pfns come from World.nextPfn: whole numbers, never negative.
    if (!Number.isInteger(k) || k < 0) throw modelBug("pfn", pfn, "is not a page frame number");
    while (this.chunks.length <= k) this.chunks.push(new Array<Frame | undefined>(CHUNK_SIZE).fill(undefined));
    return this.chunks[k] as (Frame | undefined)[];
  }

  delete(pfn: Pfn): boolean {
    const i = pfn & CHUNK_MASK;
    const chunk = this.chunks[(pfn - i) / CHUNK_SIZE];
    if (chunk === undefined || chunk[i] === undefined) return false;
    chunk[i] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.chunks.length = 0;
    this.count = 0;
    this.top = 0;
  }

  forEach(fn: (frame: Frame, pfn: Pfn, map: Map<Pfn, Frame>) => void, thisArg?: unknown): void {
    for (const [pfn, frame] of this.entries()) fn.call(thisArg, frame, pfn, this);
  }

  *entries(): MapIterator<[Pfn, Frame]> {
    // `top` is read live, like a Map iterator: frames set meanwhile at higher pfns are visited.
    for (let pfn = 0; pfn < this.top; pfn++) {
      const f = (this.chunks[pfn >> CHUNK_SHIFT] as (Frame | undefined)[])[pfn & CHUNK_MASK];
      if (f !== undefined) yield [pfn as Pfn, f];
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
