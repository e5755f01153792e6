// The optional checks around decode and encode: required fields (allowPartial: false) and a
// validator. Both are off unless asked for, so the plain calls stay drop-in.

import type { DescMessage } from "@bufbuild/protobuf";
import { MissingRequiredError, missingRequired } from "./required.js";
import { runValidator, type Validator } from "./validate.js";

/** Options of the checks, shared by the read and write options. */
export interface CheckOptions {
  /**
   * `false` makes decode and encode throw MissingRequiredError listing every required field
   * (proto2 `required`, editions LEGACY_REQUIRED) not set in the message tree. Default `true`:
   * decode accepts messages with required fields missing, and encode fails on the first one
   * it meets, as @bufbuild/protobuf does.
   */
  allowPartial?: boolean;
  /** A function or a protovalidate Validator run on every message decoded or before encoding. */
  validate?: Validator;
}

/** True when options ask for any check (the fast path skips checks otherwise). */
export function wantsChecks(options: CheckOptions | undefined): options is CheckOptions {
  return options !== undefined && (options.allowPartial === false || options.validate !== undefined);
}

/** Runs the checks options ask for on a message; throws MissingRequiredError or ValidationError. */
export function check(schema: DescMessage, message: unknown, options: CheckOptions, direction: "encode" | "decode"): void {
  if (options.allowPartial === false) {
    const missing = missingRequired(schema, message as Record<string, unknown>);
    if (missing.length > 0) throw new MissingRequiredError(missing, direction);
  }
  if (options.validate !== undefined) runValidator(options.validate, schema, message);
}
