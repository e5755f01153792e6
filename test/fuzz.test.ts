// Fuzzing the decoder against @bufbuild/protobuf: a mutation fuzzer seeded from valid
// payloads of every test schema (truncation, bit flips, inserted and deleted bytes, spliced
// seeds, duplicated records, inflated length prefixes, ...) and fast-check properties over
// arbitrary bytes. Only DecodeError may escape; accept/reject must agree and accepted
// results be equal, except where a limit given by option is stricter; WebAssembly memory
// stays bounded. Both backends. PROTOWASM_FUZZ_INPUTS sets the number of mutated inputs
// (default 100,000 on WebAssembly, half that on the JS backend).

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DescMessage } from "@bufbuild/protobuf";
import { fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import { DecodeError, fromBinary, getBackend, setBackend } from "../src/index.js";
import { PRODUCTION_LIMITS } from "../src/limits.js";
import { core } from "../src/wasm/instance.js";
import { findDifference } from "./support/equal.js";
import { mutate } from "./support/mutate.js";
import { MessageGenerator, DEFAULT_GEN } from "./support/random-message.js";
import { Rng } from "./support/rng.js";
import { schemaTypes } from "./support/schemas.js";
import { SEED } from "./support/config.js";

const INPUTS = Number(process.env.PROTOWASM_FUZZ_INPUTS ?? 100_000);
const LIMIT_CODES = new Set(["message_too_large", "field_too_large", "too_many_elements"]);

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };
function attempt(fn: () => unknown): Result {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.subarray(0, 200)).toString("hex") + (b.length > 200 ? "..." : "");
}

// Compares one input; returns the DecodeError code of a rejection, or "ok".
function check(desc: DescMessage, input: Uint8Array, options?: object): string {
  const ours = attempt(() => fromBinary(desc, input, options));
  const ref = attempt(() => refFromBinary(desc, input));
  if (!ours.ok && !(ours.error instanceof DecodeError)) {
    throw new Error(`${desc.typeName}: not a DecodeError: ${String(ours.error)} for ${hex(input)}`);
  }
  if (!ours.ok && options !== undefined && LIMIT_CODES.has((ours.error as DecodeError).code)) {
    return (ours.error as DecodeError).code; // stricter by option: the reference has no such limit
  }
  if (ours.ok !== ref.ok) {
    throw new Error(`${desc.typeName}: ours ${ours.ok ? "accepts" : `rejects (${(ours.error as Error).message})`}, @bufbuild/protobuf ${ref.ok ? "accepts" : `rejects (${(ref.error as Error).message})`}: ${hex(input)}`);
  }
  if (ours.ok && ref.ok) {
    const d = findDifference(ours.value, ref.value);
    if (d !== undefined) throw new Error(`${desc.typeName}: results differ at ${d}: ${hex(input)}`);
    return "ok";
  }
  return ((ours as { error: unknown }).error as DecodeError).code;
}

describe.each(["wasm", "js"] as const)("fuzz (%s backend)", (backend) => {
  beforeAll(() => setBackend(backend));
  // Half the inputs on the slower JS backend.
  const inputs = backend === "wasm" ? INPUTS : Math.ceil(INPUTS / 2);
  const types = schemaTypes().filter((t) => t.source !== "wkt");
  const rng = new Rng(`${SEED}-fuzz`);
  const seeds = types.map((t) => {
    const gen = new MessageGenerator(rng, { ...DEFAULT_GEN, maxDepth: t.maxDepth });
    return Array.from({ length: 30 }, () => refToBinary(t.desc, gen.message(t.desc) as never));
  });

  it(`${inputs} mutated inputs: accepted and rejected like @bufbuild/protobuf, only DecodeError`, () => {
    expect(getBackend()).toBe(backend);
    const outcomes = new Map<string, number>();
    const memoryBefore = core.memory.buffer.byteLength;
    let maxMemory = memoryBefore;
    for (let i = 0; i < inputs; i++) {
      const k = rng.u32() % types.length;
      const pool = seeds[k];
      let input: Uint8Array = pool[rng.u32() % pool.length];
      const r = rng.u32() % 8;
      if (r === 0) {
        // Splice: the head of one seed and the tail of another.
        const other = pool[rng.u32() % pool.length];
        const a = rng.u32() % (input.length + 1);
        const b = rng.u32() % (other.length + 1);
        const out = new Uint8Array(a + other.length - b);
        out.set(input.subarray(0, a));
        out.set(other.subarray(b), a);
        input = out;
      } else {
        // One to three stacked mutations.
        for (let n = 1 + (r % 3); n > 0; n--) input = mutate(rng, input).bytes;
      }
      const options = i % 16 === 0 ? PRODUCTION_LIMITS : i % 16 === 1 ? { maxRepeated: 3, maxFieldBytes: 8 } : undefined;
      const code = check(types[k].desc, input, options);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      if ((i & 4095) === 0) maxMemory = Math.max(maxMemory, core.memory.buffer.byteLength);
    }
    maxMemory = Math.max(maxMemory, core.memory.buffer.byteLength);
    console.log(`fuzz (${backend}): ${inputs} inputs over ${types.length} types; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}; wasm memory ${memoryBefore} -> ${maxMemory} bytes`);
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(inputs);
    expect(outcomes.get("ok") ?? 0).toBeGreaterThan(inputs / 20);
    expect(outcomes.size).toBeGreaterThan(5); // many kinds of rejection were exercised
    // Inputs are small: memory does not grow with their number.
    expect(maxMemory).toBeLessThanOrEqual(Math.max(memoryBefore, 16 << 20));
  }, 600_000);

  it("fast-check: arbitrary bytes are accepted or rejected like @bufbuild/protobuf", () => {
    const descs = types.map((t) => t.desc);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: descs.length - 1 }), fc.uint8Array({ maxLength: 48 }), (k, bytes) => {
        check(descs[k], bytes);
      }),
      { numRuns: backend === "wasm" ? 20_000 : 5_000, seed: 20261203 },
    );
  });

  it("fast-check: valid messages framed with noise at the end", () => {
    const all = types.map((t, k) => ({ desc: t.desc, seeds: seeds[k] }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.nat(), fc.uint8Array({ maxLength: 12 }), (k, s, tail) => {
        const base = all[k].seeds[s % all[k].seeds.length];
        const input = new Uint8Array(base.length + tail.length);
        input.set(base);
        input.set(tail, base.length);
        check(all[k].desc, input);
      }),
      { numRuns: 5_000, seed: 7 },
    );
  });
});
