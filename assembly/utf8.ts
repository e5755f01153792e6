// UTF-8 checks for string fields: is the text pure ASCII (the JS side then builds strings
// without a decoder), and is it well-formed (WHATWG rules, as TextDecoder's fatal mode:
// no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequences).

import { STR_ASCII, STR_INVALID } from "./layout";

export function utf8Flags(p: usize, n: usize): i32 {
  const end = p + n;
  while (p + 8 <= end && (load<u64>(p, 0, 1) & 0x8080808080808080) == 0) p += 8;
  while (p < end && load<u8>(p) < 0x80) p++;
  if (p == end) return STR_ASCII;
  while (p < end) {
    const b0 = <u32>load<u8>(p);
    if (b0 < 0x80) {
      p++;
      continue;
    }
    if (b0 < 0xc2) return STR_INVALID; // stray continuation byte or overlong 2-byte form
    if (b0 < 0xe0) {
      if (p + 1 >= end || (<u32>load<u8>(p + 1) & 0xc0) != 0x80) return STR_INVALID;
      p += 2;
      continue;
    }
    if (b0 < 0xf0) {
      if (p + 2 >= end) return STR_INVALID;
      const b1 = <u32>load<u8>(p + 1);
      const b2 = <u32>load<u8>(p + 2);
      if ((b1 & 0xc0) != 0x80 || (b2 & 0xc0) != 0x80) return STR_INVALID;
      if (b0 == 0xe0 && b1 < 0xa0) return STR_INVALID; // overlong
      if (b0 == 0xed && b1 >= 0xa0) return STR_INVALID; // surrogate
      p += 3;
      continue;
    }
    if (b0 < 0xf5) {
      if (p + 3 >= end) return STR_INVALID;
      const b1 = <u32>load<u8>(p + 1);
      const b2 = <u32>load<u8>(p + 2);
      const b3 = <u32>load<u8>(p + 3);
      if ((b1 & 0xc0) != 0x80 || (b2 & 0xc0) != 0x80 || (b3 & 0xc0) != 0x80) return STR_INVALID;
      if (b0 == 0xf0 && b1 < 0x90) return STR_INVALID; // overlong
      if (b0 == 0xf4 && b1 >= 0x90) return STR_INVALID; // above U+10FFFF
      p += 4;
      continue;
    }
    return STR_INVALID;
  }
  return 0;
}

// For the encoder: count texts written one after another as UTF-8 from p on, whose lengths
// in UTF-16 units are the count i32 at lens; each length is replaced by the text's length in
// bytes. A 4-byte sequence is two units (a surrogate pair), any other sequence one (a lone
// surrogate was written as a 3-byte replacement character). Returns false when a text would
// end inside a 4-byte sequence: two texts whose ends made a pair when joined, which written
// apart are two replacement characters. (Eight bytes are read at once only where at least
// eight units are left: nothing past the last text is read.)
export function utf8Spans(p: usize, lens: usize, count: i32): bool {
  for (let i = 0; i < count; i++) {
    const at = lens + (<usize>i << 2);
    let units = load<i32>(at, 0, 1);
    const start = p;
    while (units > 0) {
      if (units >= 8 && (load<u64>(p, 0, 1) & 0x8080808080808080) == 0) {
        p += 8;
        units -= 8;
        continue;
      }
      const c = <u32>load<u8>(p);
      if (c < 0x80) {
        p++;
        units--;
      } else if (c < 0xe0) {
        p += 2;
        units--;
      } else if (c < 0xf0) {
        p += 3;
        units--;
      } else {
        if (units < 2) return false;
        p += 4;
        units -= 2;
      }
    }
    store<i32>(at, <i32>(p - start), 0, 1);
  }
  return true;
}
