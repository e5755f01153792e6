// Numbers shared with src/wasm/layout.ts: value kinds, field shapes, tape markers, frame
// layout and error codes. Both sides must agree word for word; test/layout.test.ts checks it.

// Value kinds are google.protobuf.FieldDescriptorProto.Type numbers.
export const VK_DOUBLE: i32 = 1;
export const VK_FLOAT: i32 = 2;
export const VK_INT64: i32 = 3;
export const VK_UINT64: i32 = 4;
export const VK_INT32: i32 = 5;
export const VK_FIXED64: i32 = 6;
export const VK_FIXED32: i32 = 7;
export const VK_BOOL: i32 = 8;
export const VK_STRING: i32 = 9;
export const VK_GROUP: i32 = 10; // a message with delimited encoding
export const VK_MESSAGE: i32 = 11;
export const VK_BYTES: i32 = 12;
export const VK_UINT32: i32 = 13;
export const VK_ENUM: i32 = 14;
export const VK_SFIXED32: i32 = 15;
export const VK_SFIXED64: i32 = 16;
export const VK_SINT32: i32 = 17;
export const VK_SINT64: i32 = 18;

export const SHAPE_SINGULAR: i32 = 0;
export const SHAPE_LIST: i32 = 1;
export const SHAPE_MAP: i32 = 2;

// Field record: 4 words. w0 = vk | shape << 8 | strictUtf8 << 10 | mapKeyKind << 16;
// w1 = child type record pointer (message, group, map value message) or 0; w2 = field number;
// w3 = interning scores of the field's strings, i16 each (scan.ts): low half for the field
// (a map's keys), high half for a map's values. JS writes 0; the scanner updates them.
export const FIELD_BYTES: i32 = 16;
// Type record: 4 words. w0 = field count, w1 = pointer to field records (sorted by number),
// w2 = dense lookup length (field numbers 0..w2-1), w3 = 0 (unused). The dense table follows
// the 4 words: per field number, 2 words: field index + 1 (0 = unknown) and the field
// record's w0. The scanner finds a field and its kind with one load from the type.
export const TYPE_BYTES: i32 = 16;
export const DENSE_BYTES: i32 = 8;

// Tape markers. A field entry starts with fieldIndex << 3 | wireType (never negative).
export const TAPE_END: i32 = -1;
export const TAPE_UNKNOWN: i32 = -2;

// String flags in the third word of a string entry.
export const STR_ASCII: i32 = 1;
export const STR_INVALID: i32 = 2;

// scan() flags.
export const FLAG_KEEP_UNKNOWN: i32 = 1;
// Batch scans: the input is a sequence of messages of the root type, each behind a length
// prefix (a varint, or 4 bytes big-endian); every message's entries end with TAPE_END.
export const FLAG_FRAMED_VARINT: i32 = 2;
export const FLAG_FRAMED_BE32: i32 = 4;

// Results of scan(): >= 0 is the tape length in words; negative values are errors.
export const ERR_TRUNCATED: i32 = -1;
export const ERR_VARINT: i32 = -2;
export const ERR_TAG: i32 = -3;
export const ERR_WIRE_TYPE: i32 = -4;
export const ERR_GROUP: i32 = -5;
export const ERR_UTF8: i32 = -6;
export const ERR_RECURSION: i32 = -7;
export const ERR_NEED_INPUT: i32 = -8; // not an error: move the window (scanResume)
export const ERR_BATCH_PAUSE: i32 = -9; // not an error: walk the tape so far (scanContinue)
export const ERR_FIELD_TOO_LARGE: i32 = -10; // a string or bytes field over maxFieldBytes
export const ERR_TOO_MANY: i32 = -11; //       a repeated field or map over maxRepeated elements
export const ERR_TAPE_FULL: i32 = -100;
export const ERR_STACK_FULL: i32 = -101;
export const ERR_WINDOW: i32 = -102; // internal to scan.ts

