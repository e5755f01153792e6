// What a field is on the wire and in JSON, in plain strings: the one description of a field that the
// hash, the check and the docs share, with editions features and proto2/proto3 rules already resolved
// by @bufbuild/protobuf's descriptors.
import type { DescField } from "@bufbuild/protobuf";

// FieldDescriptorProto.Type numbers to their .proto spelling.
const TYPE_NAMES: Record<number, string> = {
  1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32", 8: "bool",
  9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum", 15: "sfixed32",
  16: "sfixed64", 17: "sint32", 18: "sint64",
};
// FeatureSet.FieldPresence.
const EXPLICIT = 1, LEGACY_REQUIRED = 3;

/** The wire- and JSON-relevant facts of a field. */
export interface FieldShape {
  /** "singular" (implicit presence), "optional" (explicit presence), "required", "repeated" or "map". */
  readonly cardinality: "singular" | "optional" | "required" | "repeated" | "map";
  /** Scalar name, "enum", "message" or "group" (delimited message); for maps, the value's. */
  readonly type: string;
  /** Full name of the message or enum type, "" for scalars. */
  readonly typeName: string;
  /** Map key scalar, "" when not a map. */
  readonly mapKey: string;
  /** Repeated scalars and enums: written packed. */
  readonly packed: boolean;
  /** The oneof the field is in ("" for none; proto3 `optional` is not a oneof here). */
  readonly oneof: string;
  /** proto2/editions explicit default, "" for none. */
  readonly defaultValue: string;
}

function scalarName(protoType: number, delimited: boolean): string {
  if (protoType === 11 && delimited) return "group";
  return TYPE_NAMES[protoType] ?? `type${protoType}`;
}

/** The shape of a field. */
export function fieldShape(field: DescField): FieldShape {
  const oneof = field.oneof ? field.oneof.name : "";
  const defaultValue = field.proto.defaultValue ?? "";
  if (field.fieldKind === "map") {
    const entry = field.message ?? field.enum;
    const valueType = field.mapKind === "scalar" ? scalarName(field.scalar, false) : field.mapKind;
    return { cardinality: "map", type: valueType, typeName: entry ? entry.typeName : "", mapKey: TYPE_NAMES[field.mapKey] ?? "", packed: false, oneof, defaultValue };
  }
  const delimited = "delimitedEncoding" in field && field.delimitedEncoding === true;
  const type = scalarName(field.proto.type, delimited);
  const typeName = field.message?.typeName ?? field.enum?.typeName ?? "";
  if (field.fieldKind === "list") {
    return { cardinality: "repeated", type, typeName, mapKey: "", packed: field.packed, oneof, defaultValue };
  }
  const cardinality = field.presence === LEGACY_REQUIRED ? "required" : field.presence === EXPLICIT || field.oneof || field.fieldKind === "message" ? "optional" : "singular";
  return { cardinality, type, typeName, mapKey: "", packed: false, oneof, defaultValue };
}

/** How the field's type reads in a .proto file: `int32`, `acme.v1.Item`, `map<string, int64>`. */
export function typeLabel(shape: FieldShape): string {
  const value = shape.typeName || shape.type;
  return shape.cardinality === "map" ? `map<${shape.mapKey}, ${value}>` : value;
}
