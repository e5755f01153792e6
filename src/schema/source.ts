// Source info lookups: the SourceCodeInfo path of a descriptor, and from it the line and comments the
// compiler recorded. Descriptors are matched to their place by identity in the parent's proto arrays,
// so no numbering is guessed.
import type { DescEnum, DescEnumValue, DescField, DescFile, DescMessage, DescMethod, DescOneof, DescService } from "@bufbuild/protobuf";
import type { SourceCodeInfo_Location } from "@bufbuild/protobuf/wkt";

/** The elements that have a place in a .proto file. */
export type SchemaElement = DescMessage | DescEnum | DescEnumValue | DescField | DescOneof | DescService | DescMethod;

// Field numbers of the descriptor.proto fields that hold each kind of element.
const FILE_MESSAGE = 4, FILE_ENUM = 5, FILE_SERVICE = 6;
const MSG_FIELD = 2, MSG_NESTED = 3, MSG_ENUM = 4, MSG_ONEOF = 8;
const ENUM_VALUE = 2, SERVICE_METHOD = 2;
/** FileDescriptorProto.package, for the location of the package statement. */
export const FILE_PACKAGE_PATH = [2];

/** The SourceCodeInfo path of an element. */
export function sourcePath(desc: SchemaElement): number[] {
  switch (desc.kind) {
    case "message":
      return desc.parent
        ? [...sourcePath(desc.parent), MSG_NESTED, desc.parent.proto.nestedType.indexOf(desc.proto)]
        : [FILE_MESSAGE, desc.file.proto.messageType.indexOf(desc.proto)];
    case "enum":
      return desc.parent
        ? [...sourcePath(desc.parent), MSG_ENUM, desc.parent.proto.enumType.indexOf(desc.proto)]
        : [FILE_ENUM, desc.file.proto.enumType.indexOf(desc.proto)];
    case "enum_value":
      return [...sourcePath(desc.parent), ENUM_VALUE, desc.parent.proto.value.indexOf(desc.proto)];
    case "field":
      return [...sourcePath(desc.parent), MSG_FIELD, desc.parent.proto.field.indexOf(desc.proto)];
    case "oneof":
      return [...sourcePath(desc.parent), MSG_ONEOF, desc.parent.proto.oneofDecl.indexOf(desc.proto)];
    case "service":
      return [FILE_SERVICE, desc.file.proto.service.indexOf(desc.proto)];
    case "rpc":
      return [...sourcePath(desc.parent), SERVICE_METHOD, desc.parent.proto.method.indexOf(desc.proto)];
  }
}

const cache = new WeakMap<DescFile, Map<string, SourceCodeInfo_Location>>();

function locations(file: DescFile): Map<string, SourceCodeInfo_Location> {
  let map = cache.get(file);
  if (!map) {
    map = new Map();
    for (const loc of file.proto.sourceCodeInfo?.location ?? []) {
      const key = loc.path.join(",");
      if (!map.has(key)) map.set(key, loc);
    }
    cache.set(file, map);
  }
  return map;
}

/** The file that declares an element. */
export function fileOf(desc: SchemaElement): DescFile {
  switch (desc.kind) {
    case "enum_value":
      return desc.parent.file;
    case "field":
    case "oneof":
      return desc.parent.file;
    case "rpc":
      return desc.parent.file;
    default:
      return desc.file;
  }
}

/** The location of the element at `path` in `file`, when the file has source info. */
export function locationAt(file: DescFile, path: readonly number[]): SourceCodeInfo_Location | undefined {
  return locations(file).get(path.join(","));
}

/** 1-based line of an element, or undefined without source info. */
export function lineOf(desc: SchemaElement): number | undefined {
  const loc = locationAt(fileOf(desc), sourcePath(desc));
  return loc && loc.span.length > 0 ? loc.span[0] + 1 : undefined;
}

/** "file.proto:12" (or just the file name without source info). */
export function whereOf(desc: SchemaElement): string {
  const line = lineOf(desc);
  return line === undefined ? fileOf(desc).proto.name : `${fileOf(desc).proto.name}:${line}`;
}

/** The leading and trailing comments of an element, trimmed; empty string when there are none. */
export function commentOf(file: DescFile, path: readonly number[]): string {
  const loc = locationAt(file, path);
  if (!loc) return "";
  const parts = [loc.leadingComments, loc.trailingComments].map((c) => (c ?? "").trim()).filter(Boolean);
  return parts
    .join("\n\n")
    .split("\n")
    .map((l) => l.replace(/^ /, "").trimEnd())
    .join("\n");
}
