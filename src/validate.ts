// Validation hooks: a function, or a protovalidate Validator (@bufbuild/protovalidate, an
// optional peer dependency: it is used through the object the caller passes, never imported).

import type { DescMessage } from "@bufbuild/protobuf";

/** One broken rule. */
export interface Violation {
  /** Field path, e.g. `email`, or "" for the message as a whole. */
  readonly path: string;
  readonly message: string;
  /** The rule's id, when the validator names one (protovalidate does). */
  readonly ruleId?: string;
}

/**
 * A validator: a function that returns the violations it finds (nothing, or an empty list,
 * when the message is valid; strings are violations of the whole message), or an object
 * with protovalidate's `validate(schema, message)`.
 */
export type Validator =
  | ((message: any, schema: DescMessage) => void | readonly (Violation | string)[])
  | { validate(schema: DescMessage, message: any): ProtovalidateResult };

/** The shape of @bufbuild/protovalidate's result. */
export interface ProtovalidateResult {
  kind: "valid" | "invalid" | "error";
  violations?: readonly { field?: unknown; message?: string; ruleId?: string; toString?(): string }[];
  error?: unknown;
}

/** Thrown when a validator rejects a message; lists every violation. */
export class ValidationError extends Error {
  readonly violations: readonly Violation[];
  /** The message's type name. */
  readonly typeName: string;

  constructor(typeName: string, violations: Violation[]) {
    const shown = violations.map((v) => (v.path ? `${v.path}: ${v.message}` : v.message));
    super(`${typeName} is invalid: ${shown.join("; ")}`);
    this.name = "ValidationError";
    this.typeName = typeName;
    this.violations = violations;
  }
}

/** Runs the validator; throws ValidationError with the violations, if any. */
export function runValidator(validator: Validator, schema: DescMessage, message: unknown): void {
  let violations: Violation[];
  if (typeof validator === "function") {
    const found = validator(message, schema);
    if (found === undefined || found.length === 0) return;
    violations = found.map((v) => (typeof v === "string" ? { path: "", message: v } : v));
  } else {
    const result = validator.validate(schema, message);
    if (result.kind === "valid") return;
    if (result.kind === "error") throw result.error instanceof Error ? result.error : new Error(String(result.error));
    violations = (result.violations ?? []).map((v) => ({
      path: fieldPath(v.field),
      message: v.message ?? String(v),
      ruleId: v.ruleId,
    }));
  }
  throw new ValidationError(schema.typeName, violations);
}

// protovalidate's violation field paths are @bufbuild/protobuf reflection paths, written as
// its pathToString writes them (fields joined by dots, [index], ["key"], [extension]). Done
// here rather than imported: "@bufbuild/protobuf/reflect" costs milliseconds of start-up.
function fieldPath(field: unknown): string {
  if (field === undefined || field === null) return "";
  if (!Array.isArray(field)) return String(field);
  let out = "";
  for (const e of field as { kind?: string; name?: string; localName?: string; typeName?: string; index?: number; key?: unknown }[]) {
    switch (e?.kind) {
      case "field":
      case "oneof":
        out += (out === "" ? "" : ".") + e.name;
        break;
      case "extension":
        out += `[${e.typeName}]`;
        break;
      case "list_sub":
        out += `[${e.index}]`;
        break;
      case "map_sub":
        out += typeof e.key === "string" ? `["${quoteKey(e.key)}"]` : `[${String(e.key)}]`;
        break;
      default:
        out += (out === "" ? "" : ".") + (e?.name ?? e?.localName ?? "?");
    }
  }
  return out;
}

function quoteKey(key: string): string {
  return key.replace(/[\\"\r\n]/g, (c) => (c === "\r" ? "\\r" : c === "\n" ? "\\n" : "\\" + c));
}
