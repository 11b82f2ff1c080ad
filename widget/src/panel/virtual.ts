/**
 * Layout maths of the virtualised message list: measured heights where known, an estimate
 * elsewhere, and the slice of items that covers the viewport.
 */
export interface VisibleRange {
  /** First rendered index. */
  start: number;
  /** One past the last rendered index. */
  end: number;
  /** Space above the first rendered item, in px. */
  before: number;
  /** Space below the last rendered item, in px. */
  after: number;
  /** Height of the whole list, in px. */
  total: number;
}

export class HeightIndex {
  readonly #heights = new Map<string, number>();

  constructor(private readonly estimate: (key: string) => number = () => 64) {}

  set(key: string, height: number): boolean {
    if (this.#heights.get(key) === height) return false;
    this.#heights.set(key, height);
    return true;
  }

  height(key: string): number {
    return this.#heights.get(key) ?? this.estimate(key);
  }

  /** Top offset of `keys[index]`. */
  offsetOf(keys: readonly string[], index: number): number {
    let top = 0;
    for (let i = 0; i < index && i < keys.length; i++) top += this.height(keys[i]);
    return top;
  }

  /** Items overlapping [scrollTop, scrollTop + viewport], plus `overscan` px on each side. */
  range(keys: readonly string[], scrollTop: number, viewport: number, overscan = 400): VisibleRange {
    const from = Math.max(0, scrollTop - overscan);
    const to = scrollTop + viewport + overscan;
    let top = 0;
    let start = keys.length;
    let before = 0;
    let end = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const bottom = top + this.height(keys[i]);
      if (start === keys.length && bottom > from) {
        start = i;
        before = top;
      }
      if (top >= to) {
        end = i;
        break;
      }
      top = bottom;
    }
    const renderedBottom = top;
    let total = top;
    for (let i = end; i < keys.length; i++) total += this.height(keys[i]);
    if (start === keys.length) before = total;
    return { start, end: Math.max(start, end), before, after: total - renderedBottom, total };
  }
}
