// The errors protowasm throws. Every invalid input to fromBinary/mergeFromBinary gives a
// DecodeError with a stable code, the byte offset and the field path; every message that
// cannot be encoded gives an EncodeError naming the field.

/** Why a decode failed. */
export type DecodeErrorCode =
  | "truncated" // input ends inside a value, or a length runs past the end
  | "bad_varint" // a varint longer than 10 bytes
  | "bad_tag" // field number 0, wire type 6 or 7, or a tag that overflows uint32
  | "bad_wire_type" // an end-group tag where no group is open
  | "group_mismatch" // a group closed by the wrong field number, or never closed
  | "bad_utf8" // invalid UTF-8 in a string field that requires validation
  | "recursion_limit" // nesting deeper than the recursionLimit option
  | "message_too_large" // input over maxMessageBytes (a size-delimited message over readMaxBytes)
  | "field_too_large" // a string or bytes field over maxFieldBytes
  | "too_many_elements"; // a repeated field or map with more than maxRepeated elements in one message

/** Thrown by fromBinary and mergeFromBinary for input that is not a valid message. */
export class DecodeError extends Error {
  /** A stable identifier of the failure. */
  readonly code: DecodeErrorCode;
  /** Byte offset in the input where decoding failed (for streams and batches: from their start). */
  readonly offset: number;
  /** Field path to the failing item, e.g. `Order.items[3].name`. */
  readonly path: string;

  constructor(code: DecodeErrorCode, offset: number, path: string, detail: string) {
    super(`cannot decode ${path} at byte ${offset}: ${detail}`);
    this.name = "DecodeError";
    this.code = code;
    this.offset = offset;
    this.path = path;
  }
}

/** Thrown by toBinary for a message that cannot be encoded. */
export class EncodeError extends Error {
  /** The field, e.g. `example.User.id`, or the message type when no field is at fault. */
  readonly path: string;

  constructor(path: string, detail: string) {
    super(detail);
    this.name = "EncodeError";
    this.path = path;
  }
}
