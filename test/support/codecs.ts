// The two implementations side by side: "ours" (the codec under test, from
// src/index.ts) and "ref" (@bufbuild/protobuf 2.17), plus helpers that run a
// call and capture either its result or the error it threw.
// PROTOWASM_TEST_TARGET=reference makes "ours" the reference itself, to check
// the harness (only the DecodeError/EncodeError/offset/path assertions fail then).
import * as ref from "@bufbuild/protobuf";
import * as codec from "../../src/index.js";

type Codec = Pick<typeof codec, "toBinary" | "fromBinary" | "mergeFromBinary" | "DecodeError" | "EncodeError">;

export const selfTest = process.env.PROTOWASM_TEST_TARGET === "reference";

const initial: Codec = selfTest
  ? {
      toBinary: ref.toBinary as Codec["toBinary"],
      fromBinary: ref.fromBinary as Codec["fromBinary"],
      mergeFromBinary: ref.mergeFromBinary as Codec["mergeFromBinary"],
      DecodeError: codec.DecodeError,
      EncodeError: codec.EncodeError,
    }
  : {
      toBinary: codec.toBinary,
      fromBinary: codec.fromBinary,
      mergeFromBinary: codec.mergeFromBinary,
      DecodeError: codec.DecodeError,
      EncodeError: codec.EncodeError,
    };

/** The implementation under test (mutable only for test/harness.test.ts, which plants bugs). */
export const ours: Codec = { ...initial };

export function setCodecUnderTest(c: Partial<Codec> | undefined): void {
  Object.assign(ours, initial, c ?? {});
}

export { ref };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}`;
  return `non-Error thrown: ${String(e)}`;
}

export function outcomeText(o: Outcome<unknown>): string {
  return o.ok ? "accepted" : `rejected (${errorText(o.error)})`;
}
