// Seeded pseudo-random numbers (mulberry32) so every run generates the same workloads.

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Normally distributed (Box-Muller). */
  gaussian(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const r = (this.next() * 4294967296) >>> 0;
      out[i] = r;
      if (i + 1 < length) out[i + 1] = r >>> 8;
      if (i + 2 < length) out[i + 2] = r >>> 16;
      if (i + 3 < length) out[i + 3] = r >>> 24;
    }
    return out;
  }

  hex(length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }

  /** Lowercase pseudo-word of the given length range. */
  word(min = 3, max = 10): string {
    const syllables = ["ka", "lo", "mi", "ne", "ra", "to", "vi", "an", "el", "or", "us", "ti", "be", "sh", "qu"];
    const length = this.int(min, max);
    let s = "";
    while (s.length < length) s += this.pick(syllables);
    return s.slice(0, length);
  }

  sentence(words: number): string {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(this.word(2, 9));
    return out.join(" ");
  }
}
