// Correctness gate run before any timing: protowasm must decode every payload to a message equal to
// @bufbuild/protobuf's (unknown fields included) and encode every message to identical bytes.
import * as bufbuild from "@bufbuild/protobuf";
import { sizeDelimitedEncode } from "@bufbuild/protobuf/wire";
import type { DescMessage, Message } from "@bufbuild/protobuf";
import * as protowasm from "./protowasm.js";
import { asyncChunks, concat, decodeStreamWith, frame } from "./stream.js";

export class CorrectnessError extends Error {
  override name = "CorrectnessError";
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n && a.length === b.length) return "";
  const hex = (x: Uint8Array) => Array.from(x.subarray(i, i + 8), (v) => v.toString(16).padStart(2, "0")).join(" ") || "(end)";
  return `lengths ${a.length} (protowasm) vs ${b.length} (@bufbuild/protobuf); first difference at byte ${i}: ${hex(a)} vs ${hex(b)}`;
}

/** Path and values of the first difference between two JSON values, or "" if equal. */
function firstJsonDifference(a: unknown, b: unknown, path = "$"): string {
  if (a === b) return "";
  const show = (v: unknown) => (JSON.stringify(v) ?? "undefined").slice(0, 80);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${show(a)} (protowasm) vs ${show(b)} (@bufbuild/protobuf)`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstJsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d) return d;
  }
  return "";
}

/** Where two messages differ, as far as toJson and the reference encoding can tell. */
function describeDifference(schema: DescMessage, ours: Message, expected: Message): string {
  try {
    const json = firstJsonDifference(bufbuild.toJson(schema, ours), bufbuild.toJson(schema, expected));
    if (json) return `first difference at ${json}`;
  } catch (e) {
    return `toJson of protowasm's message throws: ${e instanceof Error ? e.message : String(e)}`;
  }
  try {
    const bytes = firstDifference(bufbuild.toBinary(schema, ours), bufbuild.toBinary(schema, expected));
    if (bytes) return `re-encoded with @bufbuild/protobuf: ${bytes}`;
  } catch (e) {
    return `@bufbuild/protobuf cannot encode protowasm's message: ${e instanceof Error ? e.message : String(e)}`;
  }
  return "the difference is in fields that neither toJson nor the encoding shows (e.g. field presence or unknown fields)";
}

function fail(workload: string, what: string): never {
  throw new CorrectnessError(`protowasm disagrees with @bufbuild/protobuf on workload "${workload}": ${what}`);
}

function attempt<T>(workload: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    fail(workload, `${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

export async function verifyProtowasm(
  workload: string,
  schema: DescMessage,
  payloads: Uint8Array[],
  messages: Message[],
  stream?: { bytes: Uint8Array; chunks: Uint8Array[]; batch: boolean },
): Promise<void> {
  const registry = bufbuild.createRegistry();
  for (let i = 0; i < payloads.length; i++) {
    const where = `payload ${i} (${payloads[i].length} bytes)`;
    const ours = attempt(workload, `fromBinary of ${where}`, () => protowasm.fromBinary(schema, payloads[i]));
    if (!bufbuild.equals(schema, ours, messages[i], { registry, unknown: true })) {
      fail(workload, `fromBinary of ${where} gives a different message: ${describeDifference(schema, ours, messages[i])}`);
    }
    const expected = bufbuild.toBinary(schema, messages[i]);
    const encoded = attempt(workload, `toBinary of ${where}`, () => protowasm.toBinary(schema, messages[i]));
    const diff = firstDifference(encoded, expected);
    if (diff) fail(workload, `toBinary of ${where}: ${diff}`);
    // Re-encoding our decode with the reference catches differences equals() does not look at.
    const again = firstDifference(bufbuild.toBinary(schema, ours), expected);
    if (again) fail(workload, `fromBinary of ${where}: @bufbuild/protobuf re-encodes protowasm's message differently: ${again}`);
  }
  if (!stream) return;
  if (stream.batch) {
    const { decodeBatch, encodeBatch } = protowasm;
    if (!decodeBatch || !encodeBatch) fail(workload, "no decodeBatch/encodeBatch export");
    const refBatch = concat(messages.map((m) => sizeDelimitedEncode(schema, m)));
    const diff = firstDifference(attempt(workload, "encodeBatch", () => encodeBatch(schema, messages)), refBatch);
    if (diff) fail(workload, `encodeBatch: ${diff}`);
    const decoded = attempt(workload, "decodeBatch", () => decodeBatch(schema, stream.bytes));
    if (decoded.length !== messages.length) fail(workload, `decodeBatch gives ${decoded.length} messages, expected ${messages.length}`);
    decoded.forEach((m, n) => {
      if (!bufbuild.equals(schema, m, messages[n], { registry, unknown: true })) fail(workload, `decodeBatch: message ${n} differs`);
    });
    return;
  }

  const encodeDelimited = protowasm.sizeDelimitedEncode ?? ((d: DescMessage, m: Message) => frame(protowasm.toBinary(d, m)));
  const ourStream = concat(messages.map((m) => encodeDelimited(schema, m)));
  const refStream = concat(messages.map((m) => sizeDelimitedEncode(schema, m)));
  const diff = firstDifference(ourStream, refStream);
  if (diff) fail(workload, `size-delimited encoding: ${diff}`);

  const decodeStream = protowasm.sizeDelimitedDecodeStream
    ?? ((d: DescMessage, it: AsyncIterable<Uint8Array>) => decodeStreamWith(protowasm.fromBinary, d, it));
  let n = 0;
  try {
    for await (const m of decodeStream(schema, asyncChunks(stream.chunks))) {
      if (n >= messages.length || !bufbuild.equals(schema, m, messages[n], { registry, unknown: true })) {
        fail(workload, `size-delimited decoding: message ${n} differs`);
      }
      n++;
    }
  } catch (e) {
    if (e instanceof CorrectnessError) throw e;
    fail(workload, `size-delimited decoding threw ${e instanceof Error ? e.message : String(e)}`);
  }
  if (n !== messages.length) fail(workload, `size-delimited decoding gives ${n} messages, expected ${messages.length}`);
}
