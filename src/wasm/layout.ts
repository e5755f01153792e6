// Numbers shared with assembly/layout.ts (value kinds, shapes, tape markers, error codes).
// Kept in step by test/layout.test.ts.

export const VK_DOUBLE = 1;
export const VK_FLOAT = 2;
export const VK_INT64 = 3;
export const VK_UINT64 = 4;
export const VK_INT32 = 5;
export const VK_FIXED64 = 6;
export const VK_FIXED32 = 7;
export const VK_BOOL = 8;
export const VK_STRING = 9;
export const VK_GROUP = 10;
export const VK_MESSAGE = 11;
export const VK_BYTES = 12;
export const VK_UINT32 = 13;
export const VK_ENUM = 14;
export const VK_SFIXED32 = 15;
export const VK_SFIXED64 = 16;
export const VK_SINT32 = 17;
export const VK_SINT64 = 18;

export const SHAPE_SINGULAR = 0;
export const SHAPE_LIST = 1;
export const SHAPE_MAP = 2;

export const FIELD_BYTES = 16;
export const TYPE_BYTES = 16;
export const DENSE_BYTES = 8;

export const TAPE_END = -1;
export const TAPE_UNKNOWN = -2;

export const STR_ASCII = 1;
export const STR_INVALID = 2;

export const FLAG_KEEP_UNKNOWN = 1;
export const FLAG_FRAMED_VARINT = 2;
export const FLAG_FRAMED_BE32 = 4;

export const ERR_TRUNCATED = -1;
export const ERR_VARINT = -2;
export const ERR_TAG = -3;
export const ERR_WIRE_TYPE = -4;
export const ERR_GROUP = -5;
export const ERR_UTF8 = -6;
export const ERR_RECURSION = -7;
export const ERR_NEED_INPUT = -8;
export const ERR_BATCH_PAUSE = -9;
export const ERR_FIELD_TOO_LARGE = -10;
export const ERR_TOO_MANY = -11;
export const ERR_TAPE_FULL = -100;
export const ERR_STACK_FULL = -101;
export const ERR_WINDOW = -102;

/** 64-bit kinds: 8-byte aligned on the tape (a padding word before them when needed). */
export function isWide(vk: number): boolean {
  return vk === VK_INT64 || vk === VK_UINT64 || vk === VK_SINT64 || vk === VK_FIXED64 ||
    vk === VK_SFIXED64 || vk === VK_DOUBLE;
}

/** Tape words of one value of a kind, as assembly/scan.ts writes them (without padding). */
export function valueWords(vk: number): number {
  if (vk === VK_STRING) return 3;
  if (vk === VK_BYTES || isWide(vk)) return 2;
  return 1;
}
