// JS strings from the bytes of string fields, by the cheapest way for what the scanner found
// (all ASCII, valid UTF-8) and the length. Costs measured on Node 20 here per ASCII string, in
// isolation: 16 bytes 27 ns by String.fromCharCode with the codes as arguments; from 17 bytes
// on Node's latin1Slice is about 50 ns at any length (TextDecoder 85-95 ns, an array of codes
// through apply() 65 ns at 17 bytes, 240 at 80). Valid non-ASCII UTF-8: Node's utf8Slice is
// 30 ns faster than TextDecoder (80 ns against 110 for 13 bytes, 250 against 283 for 58).
// Inside fromBinary the gain is smaller (0-10 ns a string of 20-48 bytes, of 110-130 in all);
// on whole workloads: OTLP logs decode 1.06-1.12x, others even.

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

type Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer.prototype.latin1Slice and utf8Slice read any Uint8Array (with the view's own
// offset). For ASCII bytes Latin-1 and UTF-8 give the same string; for valid UTF-8,
// utf8Slice gives what TextDecoder gives (a BOM kept, as with ignoreBOM). Each is checked
// once on a known input, so a runtime whose Buffer lacks them or differs (a browser
// polyfill, another engine) is not used. Invalid UTF-8 always goes to TextDecoder, whose
// replacement characters are the WHATWG ones @bufbuild/protobuf gets (Node 20's utf8Slice
// gave the same for 300,000 random invalid sequences, but the probe only checks valid text).
function findSlice(name: "latin1Slice" | "utf8Slice", bytes: number[], expect: string): Slice | undefined {
  const slice = (globalThis as { Buffer?: { prototype?: Record<string, unknown> } }).Buffer?.prototype?.[name];
  if (typeof slice !== "function") return undefined;
  try {
    const probe = new Uint8Array([0, ...bytes, 0]).subarray(1, bytes.length + 1);
    return (slice as Slice).call(probe, 0, bytes.length) === expect ? (slice as Slice) : undefined;
  } catch {
    return undefined;
  }
}

const findLatin1 = () => findSlice("latin1Slice", [112, 98, 33], "pb!");
// A BOM, 2-, 3- and 4-byte sequences.
const findUtf8 = () => findSlice("utf8Slice", [0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], "\ufeff\u00e9\u20ac\u{1f600}");

let latin1 = findLatin1();
let utf8Native = findUtf8();

/** Internal, for tests: whether the native paths are used (false: the portable ones only). */
export function setNativeStrings(on: boolean): void {
  latin1 = on ? findLatin1() : undefined;
  utf8Native = on ? findUtf8() : undefined;
}

/**
 * b[a, a + n), valid UTF-8 (the scanner checked), as a string; undefined where there is no
 * native path (the caller then uses TextDecoder).
 */
export function validUtf8(b: Uint8Array, a: number, n: number): string | undefined {
  return utf8Native === undefined ? undefined : utf8Native.call(b, a, a + n);
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
