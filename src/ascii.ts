// JS strings from ASCII bytes (the scanner flags strings that are all ASCII). Which way is
// cheapest depends on the length: String.fromCharCode with the codes as arguments for short
// ones, one native call for longer ones. Costs measured on Node 20 here per string: 16 bytes
// 27 ns as arguments; from 17 bytes on Node's latin1Slice is about 50 ns at any length
// (TextDecoder 85-95 ns, an array of codes through apply() 65 ns at 17 bytes, 240 at 80).

const fcc = String.fromCharCode;

/** b[a, a + n) as a string, n at most 16. */
export function asciiShort(b: Uint8Array, a: number, n: number): string {
  switch (n) {
    case 0: return "";
    case 1: return fcc(b[a]);
    case 2: return fcc(b[a], b[a + 1]);
    case 3: return fcc(b[a], b[a + 1], b[a + 2]);
    case 4: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3]);
    case 5: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4]);
    case 6: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5]);
    case 7: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6]);
    case 8: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7]);
    case 9: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8]);
    case 10: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9]);
    case 11: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10]);
    case 12: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11]);
    case 13: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12]);
    case 14: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13]);
    case 15: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13], b[a + 14]);
    default: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13], b[a + 14], b[a + 15]);
  }
}

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer.prototype.latin1Slice reads any Uint8Array (it takes the view's own offset);
// for ASCII bytes Latin-1 and UTF-8 give the same string. Checked once on a known input, so a
// runtime whose Buffer lacks it or differs (a browser polyfill, another engine) is not used.
function findLatin1(): Latin1Slice | undefined {
  const slice = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer?.prototype?.latin1Slice;
  if (typeof slice !== "function") return undefined;
  try {
    const probe = new Uint8Array([0, 112, 98, 33, 0]).subarray(1, 4);
    return (slice as Latin1Slice).call(probe, 0, 3) === "pb!" ? (slice as Latin1Slice) : undefined;
  } catch {
    return undefined;
  }
}

let latin1 = findLatin1();

/** Internal, for tests: whether the native path is used (false: the portable one only). */
export function setNativeAscii(on: boolean): void {
  latin1 = on ? findLatin1() : undefined;
}

/**
 * b[a, a + n) as a string, n above 16; undefined where there is no native path (the caller
 * then decodes the bytes as UTF-8).
 */
export function asciiLong(b: Uint8Array, a: number, n: number): string | undefined {
  if (latin1 !== undefined) return latin1.call(b, a, a + n);
  if (n <= 22) {
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = b[a + i];
    return fcc.apply(String, codes);
  }
  return undefined;
}
