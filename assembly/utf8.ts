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
