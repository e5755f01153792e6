// The checks of the differential test, one function per category. Each runs
// one case for one message type from its own seeded Rng and throws a
// CaseFailure describing the first disagreement between the codec under test
// ("ours") and @bufbuild/protobuf ("ref"). runCases() runs a category for a
// type and turns a failure into a report with the seed, schema, type, case
// index, bytes in hex and a command line that replays the case.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { attempt, errorText, ours, outcomeText, ref, type Outcome } from "./codecs.js";
import { ONLY_CASE, SEED } from "./config.js";
import { findDifference } from "./equal.js";
import { bytesEqual, firstByteDifference, toHex } from "./hex.js";
import { mutate } from "./mutate.js";
import { Scrambler } from "./scramble.js";
import { DEFAULT_GEN, MessageGenerator, randomUnknownRecords, type GenConfig } from "./random-message.js";
import { Rng } from "./rng.js";
import type { SchemaType } from "./schemas.js";
import { WT, concat, parseRecords, tag, varint } from "./wire.js";

export class CaseFailure extends Error {
  constructor(
    message: string,
    readonly bytes?: Uint8Array,
  ) {
    super(message);
  }
}

function fail(message: string, bytes?: Uint8Array): never {
  throw new CaseFailure(message, bytes);
}

export type Category =
  | "roundtrip"
  | "noncanonical"
  | "unknown-fields"
  | "mutation"
  | "decode-error-class"
  | "options"
  | "merge"
  | "ill-typed-reject"
  | "ill-typed-coerce"
  | "encode-error-class";

function genConfig(t: SchemaType, extra: Partial<GenConfig> = {}): GenConfig {
  return { ...DEFAULT_GEN, maxDepth: t.maxDepth, extensionsOf: t.extensionsOf, ...extra };
}

function generate(t: SchemaType, rng: Rng, extra: Partial<GenConfig> = {}): Message {
  return new MessageGenerator(rng, genConfig(t, extra)).message(t.desc);
}

/** The same bytes, sometimes as a view into a larger buffer or as a Node Buffer. */
function inputVariant(rng: Rng, bytes: Uint8Array): Uint8Array {
  const r = rng.float();
  if (r < 0.15) {
    const pre = rng.int(1, 9);
    const big = new Uint8Array(pre + bytes.length + rng.int(1, 9)).fill(0xff);
    big.set(bytes, pre);
    return big.subarray(pre, pre + bytes.length);
  }
  if (r < 0.2) return Buffer.from(bytes);
  return bytes;
}

function compareEncodings(what: string, actual: Outcome<Uint8Array>, expected: Outcome<Uint8Array>, input?: Uint8Array): void {
  if (actual.ok !== expected.ok) {
    fail(`${what}: ours ${outcomeText(actual)}, @bufbuild/protobuf ${outcomeText(expected)}`, input);
  }
  if (actual.ok && expected.ok && !bytesEqual(actual.value, expected.value)) {
    const at = firstByteDifference(actual.value, expected.value);
    fail(
      `${what}: bytes differ at offset ${at}\n  ours (${actual.value.length}): ${toHex(actual.value, 400)}\n  ref  (${expected.value.length}): ${toHex(expected.value, 400)}`,
      expected.value,
    );
  }
}

function compareMessages(what: string, actual: unknown, expected: unknown, input: Uint8Array): void {
  const d = findDifference(actual, expected);
  if (d !== undefined) fail(`${what}: decoded messages differ: ${d}`, input);
}

function compareDecodes(what: string, desc: DescMessage, actual: Outcome<Message>, expected: Outcome<Message>, input: Uint8Array): void {
  if (actual.ok !== expected.ok) {
    fail(`${what}: ours ${outcomeText(actual)}, @bufbuild/protobuf ${outcomeText(expected)}`, input);
  }
  if (!actual.ok || !expected.ok) return;
  compareMessages(what, actual.value, expected.value, input);
  // Re-encoding both results with the reference catches differences the
  // comparator ignores on purpose (the order of map keys is the order of entries).
  compareEncodings(
    `${what}, re-encoded by @bufbuild/protobuf (ours' result vs ref's result)`,
    attempt(() => ref.toBinary(desc, actual.value)),
    attempt(() => ref.toBinary(desc, expected.value)),
    input,
  );
  compareEncodings(
    `${what}, ref's result re-encoded (ours vs ref)`,
    attempt(() => ours.toBinary(desc, expected.value)),
    attempt(() => ref.toBinary(desc, expected.value)),
    input,
  );
}

function decodeBoth(desc: DescMessage, input: Uint8Array, options?: Parameters<typeof ref.fromBinary>[2]) {
  const copy = input.slice();
  const expected = attempt(() => ref.fromBinary(desc, input, options));
  const actual = attempt(() => ours.fromBinary(desc, input, options));
  if (!bytesEqual(copy, input)) fail("fromBinary modified its input bytes", copy);
  return { actual, expected };
}

/** Encode a generated message with both; decode the bytes with both; re-encode the results. */
function roundtrip(t: SchemaType, rng: Rng): void {
  const msg = generate(t, rng);
  const expected = attempt(() => ref.toBinary(t.desc, msg));
  const actual = attempt(() => ours.toBinary(t.desc, msg));
  compareEncodings("toBinary of a generated message", actual, expected);
  if (!expected.ok) return;
  const input = inputVariant(rng, expected.value);
  const d = decodeBoth(t.desc, input);
  compareDecodes("fromBinary", t.desc, d.actual, d.expected, expected.value);
}

/** Decode a valid but non-canonical encoding (reordered, unpacked/packed, padded, odd map entries) with both. */
function noncanonical(t: SchemaType, rng: Rng): void {
  const msg = generate(t, rng, { budget: 200, allowLarge: false });
  const scrambler = new Scrambler(rng);
  let input = scrambler.message(t.desc, ref.toBinary(t.desc, msg));
  if (rng.chance(0.3)) input = scrambler.message(t.desc, input);
  const d = decodeBoth(t.desc, input);
  compareDecodes("fromBinary of a non-canonical encoding", t.desc, d.actual, d.expected, input);
}

/** Record boundaries of a valid encoding (top level). */
function boundaries(bytes: Uint8Array): number[] {
  const nodes = parseRecords(bytes) ?? [];
  return [0, ...nodes.map((n) => n.end)];
}

function insertRecords(rng: Rng, base: Uint8Array, records: Uint8Array[]): Uint8Array {
  let out = base;
  for (const rec of records) {
    const at = rng.chance(0.5) ? out.length : rng.pick(boundaries(out));
    out = concat([out.subarray(0, at), rec, out.subarray(at)]);
  }
  return out;
}

/** Valid records that @bufbuild/protobuf keeps as unknown fields although the field is known: unknown closed-enum values. */
function closedEnumRecords(rng: Rng, desc: DescMessage): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of desc.fields) {
    if (f.fieldKind === "enum" && !f.enum.open && rng.chance(0.5)) {
      const known = new Set(f.enum.values.map((v) => v.number));
      const v = rng.pick([0, 3, 4, 99, -1, 0x7fffffff, -0x80000000].filter((x) => !known.has(x)));
      out.push(concat([tag(f.number, WT.VARINT), varint(v)]));
    }
    if (f.fieldKind === "list" && f.listKind === "enum" && !f.enum.open && rng.chance(0.3)) {
      // @bufbuild/protobuf does not check repeated closed enums: unknown values land in the list.
      out.push(concat([tag(f.number, WT.LEN), varint(2), varint(77), varint(3)]));
    }
  }
  return out;
}

function unknownFields(t: SchemaType, rng: Rng): void {
  const msg = generate(t, rng, { budget: 150, allowLarge: false });
  const base = ref.toBinary(t.desc, msg);
  const records = randomUnknownRecords(rng, t.desc, rng.int(1, 6)).map((r) =>
    concat([tag(r.no, r.wireType), r.data]),
  );
  records.push(...closedEnumRecords(rng, t.desc));
  const input = insertRecords(rng, base, records);
  const d = decodeBoth(t.desc, input);
  compareDecodes("fromBinary with unknown fields", t.desc, d.actual, d.expected, input);
  if (!d.expected.ok || !d.actual.ok) return;
  const refDecoded = d.expected.value;
  const ourDecoded = d.actual.value;
  compareEncodings(
    "toBinary of the decoded message (each its own)",
    attempt(() => ours.toBinary(t.desc, ourDecoded)),
    attempt(() => ref.toBinary(t.desc, refDecoded)),
    input,
  );
  compareEncodings(
    "toBinary with writeUnknownFields: false",
    attempt(() => ours.toBinary(t.desc, refDecoded, { writeUnknownFields: false })),
    attempt(() => ref.toBinary(t.desc, refDecoded, { writeUnknownFields: false })),
    input,
  );
  const d2 = decodeBoth(t.desc, input, { readUnknownFields: false });
  compareDecodes("fromBinary with readUnknownFields: false", t.desc, d2.actual, d2.expected, input);
}

function mutatedInput(t: SchemaType, rng: Rng): { input: Uint8Array; kinds: string } {
  const msg = generate(t, rng, { budget: 120, allowLarge: false });
  let bytes: Uint8Array = ref.toBinary(t.desc, msg);
  const kinds: string[] = [];
  const n = rng.chance(0.2) ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const m = mutate(rng, bytes);
    kinds.push(m.kind);
    bytes = m.bytes;
  }
  return { input: bytes, kinds: kinds.join("+") };
}

function mutation(t: SchemaType, rng: Rng): void {
  const { input, kinds } = mutatedInput(t, rng);
  const options = rng.chance(0.2) ? { readUnknownFields: false } : undefined;
  const d = decodeBoth(t.desc, input, options);
  compareDecodes(`fromBinary of mutated bytes (${kinds}${options ? ", readUnknownFields: false" : ""})`, t.desc, d.actual, d.expected, input);
}

function decodeErrorClass(t: SchemaType, rng: Rng): void {
  const { input, kinds } = mutatedInput(t, rng);
  const actual = attempt(() => ours.fromBinary(t.desc, input));
  if (actual.ok) return;
  const e = actual.error;
  if (!(e instanceof ours.DecodeError)) {
    fail(`fromBinary of mutated bytes (${kinds}) threw something other than a DecodeError: ${errorText(e)}`, input);
  }
  const { offset, path, message } = e as unknown as { offset: unknown; path: unknown; message: string };
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0 || offset > input.length) {
    fail(`DecodeError.offset is not an offset into the input: ${String(offset)} (${errorText(e)})`, input);
  }
  if (typeof path !== "string" || !path.startsWith(t.desc.name)) {
    fail(`DecodeError.path does not start with ${t.desc.name}: ${String(path)} (${errorText(e)})`, input);
  }
  if (!message.includes(path) || !message.includes(String(offset))) {
    fail(`DecodeError message lacks its path or offset: ${message}`, input);
  }
}

/** Nested unknown groups, k levels deep, for the recursion limit. */
function deepUnknownGroup(rng: Rng, desc: DescMessage, levels: number): Uint8Array {
  const known = new Set(desc.fields.map((f) => f.number));
  let no = 1;
  while (known.has(no)) no++;
  const open: number[] = [];
  const close: number[] = [];
  for (let i = 0; i < levels; i++) {
    open.push(...tag(no, WT.SGROUP));
    close.unshift(...tag(no, WT.EGROUP));
  }
  return concat([open, rng.chance(0.5) ? concat([tag(no, WT.VARINT), [1]]) : [], close]);
}

function options(t: SchemaType, rng: Rng): void {
  const msg = generate(t, rng, { budget: 150, allowLarge: false, chainDepth: rng.int(0, 12), maxDepth: Math.min(t.maxDepth, 3) });
  let input: Uint8Array = ref.toBinary(t.desc, msg);
  if (rng.chance(0.3)) input = concat([input, deepUnknownGroup(rng, t.desc, rng.int(1, 8))]);
  const limit = rng.pick([0, 1, 2, 3, 4, 5, 6, 8, 10, 100]);
  const readUnknownFields = rng.chance(0.3) ? false : undefined;
  const opts = readUnknownFields === undefined ? { recursionLimit: limit } : { recursionLimit: limit, readUnknownFields };
  const d = decodeBoth(t.desc, input, opts);
  compareDecodes(`fromBinary with ${JSON.stringify(opts)}`, t.desc, d.actual, d.expected, input);
}

function merge(t: SchemaType, rng: Rng): void {
  const targetSeed = `target/${rng.u32()}`;
  const fromDecoded = rng.chance(0.4);
  const cfg = { budget: 120, allowLarge: false };
  const targetBytes = fromDecoded ? ref.toBinary(t.desc, generate(t, new Rng(targetSeed), cfg)) : undefined;
  const makeTarget = () =>
    targetBytes ? ref.fromBinary(t.desc, targetBytes) : generate(t, new Rng(targetSeed), cfg);
  let input: Uint8Array = ref.toBinary(t.desc, generate(t, rng, cfg));
  if (rng.chance(0.3)) {
    input = insertRecords(rng, input, randomUnknownRecords(rng, t.desc, rng.int(1, 3)).map((r) => concat([tag(r.no, r.wireType), r.data])));
  }
  const refTarget = makeTarget();
  const ourTarget = makeTarget();
  const expected = attempt(() => ref.mergeFromBinary(t.desc, refTarget, input));
  const actual = attempt(() => ours.mergeFromBinary(t.desc, ourTarget, input));
  if (actual.ok && actual.value !== ourTarget) fail("mergeFromBinary did not return its target", input);
  compareDecodes(
    `mergeFromBinary into a ${fromDecoded ? "decoded" : "generated"} message`,
    t.desc,
    actual.ok ? { ok: true, value: ourTarget } : actual,
    expected.ok ? { ok: true, value: refTarget } : expected,
    input,
  );
}

function illTyped(mode: "reject" | "coerce") {
  return (t: SchemaType, rng: Rng): void => {
    const msg = generate(t, rng, { budget: 100, allowLarge: false, unknownProb: 0, illTyped: { mode, rate: 0.1 } });
    const expected = attempt(() => ref.toBinary(t.desc, msg));
    const actual = attempt(() => ours.toBinary(t.desc, msg));
    compareEncodings(`toBinary of a message with ${mode === "reject" ? "invalid" : "loosely typed"} values`, actual, expected);
  };
}

function encodeErrorClass(t: SchemaType, rng: Rng): void {
  const msg = generate(t, rng, { budget: 100, allowLarge: false, unknownProb: 0, illTyped: { mode: "reject", rate: 0.1 } });
  const actual = attempt(() => ours.toBinary(t.desc, msg));
  if (!actual.ok && !(actual.error instanceof ours.EncodeError)) {
    fail(`toBinary of a message with invalid values threw something other than an EncodeError: ${errorText(actual.error)}`);
  }
}

export const CATEGORIES: { name: Category; share: number; title: string; run: (t: SchemaType, rng: Rng) => void }[] = [
  { name: "roundtrip", share: 0.22, title: "toBinary bytes identical and fromBinary deep-equal to @bufbuild/protobuf", run: roundtrip },
  { name: "noncanonical", share: 0.12, title: "non-canonical encodings (reordered, (un)packed, padded, odd map entries) decode like @bufbuild/protobuf", run: noncanonical },
  { name: "unknown-fields", share: 0.12, title: "unknown fields round-trip like @bufbuild/protobuf (read/writeUnknownFields)", run: unknownFields },
  { name: "mutation", share: 0.30, title: "mutated input accepted or rejected like @bufbuild/protobuf, same result", run: mutation },
  { name: "options", share: 0.08, title: "recursionLimit and readUnknownFields like @bufbuild/protobuf", run: options },
  { name: "merge", share: 0.07, title: "mergeFromBinary into a populated message like @bufbuild/protobuf", run: merge },
  { name: "ill-typed-reject", share: 0.025, title: "toBinary rejects invalid values like @bufbuild/protobuf", run: illTyped("reject") },
  { name: "ill-typed-coerce", share: 0.025, title: "toBinary coerces loosely typed values like @bufbuild/protobuf", run: illTyped("coerce") },
  { name: "decode-error-class", share: 0.02, title: "rejected input throws DecodeError (instanceof, with offset and path)", run: decodeErrorClass },
  { name: "encode-error-class", share: 0.02, title: "invalid values throw EncodeError (instanceof)", run: encodeErrorClass },
];

/** Cases of a category for a type: its share of the total, by weight. */
export function caseCount(total: number, share: number, weight: number, totalWeight: number): number {
  return Math.max(total > 0 ? 2 : 0, Math.round((total * share * weight) / totalWeight));
}

let failureDir: string | undefined;

function report(category: Category, t: SchemaType, index: number, e: unknown): Error {
  const lines = [
    `differential failure [${category}] ${t.id} (schema ${t.file}, ${t.source === "gen" ? "generated code" : t.source === "registry" ? "registry from descriptors.binpb" : "@bufbuild/protobuf/wkt"}), case #${index}`,
    `  seed: ${SEED}`,
    `  replay: PROTOWASM_SEED='${SEED}' PROTOWASM_ONLY='${t.id}' PROTOWASM_CASE=${index} npx vitest run test/differential.test.ts`,
  ];
  if (e instanceof CaseFailure) {
    lines.push(`  ${e.message}`);
    if (e.bytes) {
      lines.push(`  bytes (${e.bytes.length}): ${toHex(e.bytes, 2000)}`);
      if (e.bytes.length > 2000) {
        failureDir ??= mkdtempSync(join(tmpdir(), "protowasm-diff-"));
        const file = join(failureDir, `${category}-${t.id}-${index}.bin`);
        writeFileSync(file, e.bytes);
        lines.push(`  all bytes written to ${file}`);
      }
    }
  } else {
    lines.push(`  the test itself threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return new Error(lines.join("\n"));
}

/** Runs `count` cases of a category for a type; throws a report on the first failure. */
export function runCases(category: (typeof CATEGORIES)[number], t: SchemaType, count: number): number {
  let ran = 0;
  for (let i = 0; i < count; i++) {
    if (ONLY_CASE !== undefined && i !== ONLY_CASE) continue;
    const rng = new Rng(`${SEED}/${category.name}/${t.id}/${i}`);
    try {
      category.run(t, rng);
    } catch (e) {
      throw report(category.name, t, i, e);
    }
    ran++;
  }
  return ran;
}

