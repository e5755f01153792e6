// google.protobuf.Struct fields are held as plain JSON objects (except inside Value), as
// @bufbuild/protobuf 2.17 does. These convert between that form and Struct messages.

type Obj = Record<string, unknown>;

export function setOwn(obj: Obj, key: unknown, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, "__proto__", { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key as string] = value;
  }
}

/** JsonObject (or anything) to a google.protobuf.Struct message. */
export function structFromJson(json: unknown): Obj {
  const struct: Obj = { $typeName: "google.protobuf.Struct", fields: {} };
  if (json !== null && typeof json == "object") {
    const fields = struct.fields as Obj;
    for (const k of Object.keys(json)) setOwn(fields, k, valueFromJson((json as Obj)[k]));
  }
  return struct;
}

function valueFromJson(json: unknown): Obj {
  const value: Obj = { $typeName: "google.protobuf.Value", kind: { case: undefined } };
  switch (typeof json) {
    case "number":
      value.kind = { case: "numberValue", value: json };
      break;
    case "string":
      value.kind = { case: "stringValue", value: json };
      break;
    case "boolean":
      value.kind = { case: "boolValue", value: json };
      break;
    case "object":
      if (json === null) {
        value.kind = { case: "nullValue", value: 0 };
      } else if (Array.isArray(json)) {
        const list: Obj = { $typeName: "google.protobuf.ListValue", values: [] };
        for (const e of json) (list.values as Obj[]).push(valueFromJson(e));
        value.kind = { case: "listValue", value: list };
      } else {
        value.kind = { case: "structValue", value: structFromJson(json) };
      }
      break;
  }
  return value;
}

/** google.protobuf.Struct message to its JsonObject form. */
export function structToJson(struct: Obj): Obj {
  const json: Obj = {};
  const fields = struct.fields as Obj;
  for (const k of Object.keys(fields)) setOwn(json, k, valueToJson(fields[k] as Obj));
  return json;
}

function valueToJson(val: Obj): unknown {
  const kind = val.kind as { case: string | undefined; value?: unknown };
  switch (kind.case) {
    case "structValue":
      return structToJson(kind.value as Obj);
    case "listValue":
      return ((kind.value as Obj).values as Obj[]).map(valueToJson);
    case "nullValue":
    case undefined:
      return null;
    default:
      return kind.value;
  }
}
