// Required fields (proto2 `required`, editions LEGACY_REQUIRED): every missing one in a
// message tree, by path. @bufbuild/protobuf's toBinary stops at the first one and its
// fromBinary accepts them missing; the `allowPartial: false` option checks the whole tree.

import type { DescMessage } from "@bufbuild/protobuf";

const LEGACY_REQUIRED = 3;
const MAX_DEPTH = 1000;

type Msg = Record<string, any>;

/** Thrown with `allowPartial: false` when required fields are not set; lists them all. */
export class MissingRequiredError extends Error {
  /** Paths of the missing fields, e.g. `Order.items[2].sku`. */
  readonly paths: readonly string[];

  constructor(paths: string[], direction: "encode" | "decode") {
    const shown = paths.length > 10 ? [...paths.slice(0, 10), `and ${paths.length - 10} more`] : paths;
    super(`cannot ${direction} message: required field${paths.length > 1 ? "s" : ""} not set: ${shown.join(", ")}`);
    this.name = "MissingRequiredError";
    this.paths = paths;
  }
}

/** Paths of all required fields not set in message (of type desc) and the messages in it. */
export function missingRequired(desc: DescMessage, message: Msg): string[] {
  const out: string[] = [];
  walk(desc, message, desc.name, out, 0);
  return out;
}

function walk(desc: DescMessage, msg: Msg, path: string, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const field of desc.fields) {
    const at = `${path}.${field.localName}`;
    let value: unknown;
    if (field.oneof !== undefined) {
      const o = msg[field.oneof.localName];
      if (o === undefined || o.case !== field.localName) continue;
      value = o.value;
    } else {
      value = Object.prototype.hasOwnProperty.call(msg, field.localName) ? msg[field.localName] : undefined;
      if (value === undefined) {
        if (field.presence === LEGACY_REQUIRED) out.push(at);
        continue;
      }
    }
    const child = field.message;
    if (child === undefined) continue;
    if (field.fieldKind === "list") {
      (value as unknown[]).forEach((item, i) => visit(child, item, `${at}[${i}]`, out, depth));
    } else if (field.fieldKind === "map") {
      for (const key of Object.keys(value as Msg)) visit(child, (value as Msg)[key], `${at}[${JSON.stringify(key)}]`, out, depth);
    } else {
      visit(child, value, at, out, depth);
    }
  }
}

// Only messages held as messages: wrappers held as bare values and Struct as JSON have no
// required fields.
function visit(desc: DescMessage, value: unknown, path: string, out: string[], depth: number): void {
  if (typeof value === "object" && value !== null && (value as Msg).$typeName === desc.typeName) {
    walk(desc, value as Msg, path, out, depth + 1);
  }
}
