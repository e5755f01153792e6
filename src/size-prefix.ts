// The size in front of each message of size-delimited data, read in JavaScript: a varint (as
// protobuf's writeDelimitedTo writes it) or a 4-byte big-endian uint32. One reader for the
// stream framer, sizeDelimitedPeek and the batch decoder's checks and error reports; the
// batch scan itself reads prefixes in WebAssembly (assembly/scan.ts).

/** readVarintPrefix: the input ends inside the prefix. */
export const PREFIX_CUT = -1;
/** readVarintPrefix: ten bytes, each with the continuation bit set. */
export const PREFIX_TOO_LONG = -2;

/** After a readVarintPrefix that found a size: the position after the prefix. */
export let prefixEnd = 0;
/**
 * After a readVarintPrefix that found a size: the size as a uint32 varint reads it (bits
 * above 32 dropped), which is how sizeDelimitedPeek reads it.
 */
export let prefixUint32 = 0;

/**
 * The varint at p of b as a size (up to 2^64, exact below 2^53), or PREFIX_TOO_LONG /
 * PREFIX_CUT. Ten continuation bytes are an error whether or not more input follows: tested
 * first, so that an endless run of them is not taken for a prefix still arriving.
 */
export function readVarintPrefix(b: Uint8Array, p: number): number {
  let size = 0;
  let low = 0;
  // A multiplier, not 2 ** (7 * i): V8 11 computes ** through a slow call (~70 ns).
  for (let i = 0, mul = 1; ; i++, mul *= 128) {
    if (i >= 10) return PREFIX_TOO_LONG;
    if (p >= b.length) return PREFIX_CUT;
    const x = b[p++];
    size += (x & 0x7f) * mul;
    if (i < 5) low += (x & 0x7f) * mul;
    if (x < 0x80) break;
  }
  prefixEnd = p;
  prefixUint32 = low % 4294967296;
  return size;
}

/** The 4-byte big-endian size at p of b (the caller checks that the 4 bytes are there). */
export function readBe32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}
