// Which field types can replace each other without breaking readers. The groups follow the protobuf
// language guide ("Updating a message type") and buf's FIELD_WIRE_COMPATIBLE_TYPE and
// FIELD_WIRE_JSON_COMPATIBLE_TYPE rules; the README lists them and where this differs.
import type { FieldShape } from "./shape.js";

// Types in one group share a wire encoding: a value written as one is read as the other (varints
// truncate or sign-extend, as the language guide describes). bytes to string is the one exception
// in a group, handled in typeChange: old bytes need not be UTF-8.
const WIRE_GROUP: Record<string, string> = {
  int32: "varint", uint32: "varint", int64: "varint", uint64: "varint", bool: "varint", enum: "varint",
  sint32: "zigzag", sint64: "zigzag",
  fixed32: "i32", sfixed32: "i32",
  fixed64: "i64", sfixed64: "i64",
  float: "float", double: "double",
  string: "len", bytes: "len",
  message: "message", group: "group",
};

// Within a wire group, types whose ProtoJSON form is the same kind of value: 32-bit integers are
// JSON numbers, 64-bit ones strings, bool true/false, enums names, bytes base64.
const JSON_GROUP: Record<string, string> = {
  int32: "num32", uint32: "num32", sint32: "snum32", fixed32: "num32", sfixed32: "num32",
  int64: "str64", uint64: "str64", sint64: "sstr64", fixed64: "str64", sfixed64: "str64",
  bool: "bool", enum: "enum", float: "float", double: "double", string: "string", bytes: "bytes",
  message: "message", group: "group",
};

/** How far a type change breaks: "none", "source" (generated code only), "json" or "wire". */
export type Severity = "none" | "source" | "json" | "wire";

/** The severity of changing a field's type from `a` to `b` (same cardinality assumed). */
export function typeChange(a: FieldShape, b: FieldShape): Severity {
  if (a.type === b.type && a.typeName === b.typeName && a.mapKey === b.mapKey) return "none";
  if (a.mapKey !== b.mapKey) return WIRE_GROUP[a.mapKey] === WIRE_GROUP[b.mapKey] ? "json" : "wire";
  if (WIRE_GROUP[a.type] !== WIRE_GROUP[b.type]) return "wire";
  // Readers of a string field reject invalid UTF-8, which a bytes field may have held.
  if (a.type === "bytes" && b.type === "string") return "wire";
  // A different message type may or may not be compatible: it cannot be known from the name.
  if ((a.type === "message" || a.type === "group") && a.typeName !== b.typeName) return "wire";
  if (JSON_GROUP[a.type] !== JSON_GROUP[b.type]) return "json";
  // Two enums: the value names carry the JSON form and are checked with the enums themselves.
  return "source";
}
