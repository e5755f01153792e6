// Soak run (not a test): valid and invalid input decoded and encoded in a loop for N minutes,
// printing throughput, errors by code, RSS and WebAssembly memory every 5 seconds.
// Usage: npm run soak -- --minutes 10
import { create, fromBinary as refFromBinary, toBinary as refToBinary } from "@bufbuild/protobuf";
import * as pw from "../src/index.js";
import { core } from "../src/wasm/instance.js";
import { Rng } from "../test/support/rng.js";
import { MessageGenerator, DEFAULT_GEN } from "../test/support/random-message.js";
import { mutate } from "../test/support/mutate.js";
import { TestAllTypesProto3Schema } from "../test/gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "../test/gen/proto2_pb.js";
import { builtinWorkload } from "../bench/workloads/index.js";

const arg = process.argv.indexOf("--minutes");
const minutes = arg > 0 ? Number(process.argv[arg + 1]) : 1;
if (!(minutes > 0)) throw new Error("--minutes needs a positive number");

const rng = new Rng(process.env.PROTOWASM_SEED ?? "soak");
const schemas = [TestAllTypesProto3Schema, TestAllTypesProto2Schema];
const gen = new MessageGenerator(rng, DEFAULT_GEN);
const seeds = schemas.map((s) => Array.from({ length: 200 }, () => refToBinary(s, gen.message(s) as never)));
const big = builtinWorkload("user-list-1000");
const limits = { maxMessageBytes: 1 << 20, maxFieldBytes: 64 << 10, maxRepeated: 5000 };

let ops = 0;
let bytes = 0;
let maxRss = 0;
let maxWasm = 0;
const errors = new Map<string, number>();
const count = (code: string) => errors.set(code, (errors.get(code) ?? 0) + 1);
const end = Date.now() + minutes * 60_000;
let nextReport = Date.now() + 5000;
let lastOps = 0;
let lastTime = Date.now();
console.log(`soak: ${minutes} min, node ${process.version}`);
while (Date.now() < end) {
  for (let i = 0; i < 200; i++) {
    const k = rng.u32() % 2;
    const schema = schemas[k];
    const input = seeds[k][rng.u32() % seeds[k].length];
    const r = rng.u32() % 10;
    try {
      if (r < 4) {
        const m = pw.fromBinary(schema, input, r === 0 ? limits : undefined);
        const again = pw.toBinary(schema, m);
        bytes += again.length;
      } else if (r < 8) {
        pw.fromBinary(schema, mutate(rng, input).bytes);
        bytes += input.length;
      } else if (r === 8) {
        pw.decodeBatch(schema, pw.encodeBatch(schema, [pw.fromBinary(schema, input), create(schema)]));
      } else {
        // Sometimes with limits the 1000-user list breaks: element count, message size.
        const pick = rng.u32() % 4;
        const opts = pick === 0 ? limits : pick === 1 ? { maxRepeated: 500 } : pick === 2 ? { maxMessageBytes: 100_000 } : undefined;
        pw.fromBinary(big.schema, big.payloads[0], opts);
        bytes += big.payloads[0].length;
      }
      count("ok");
    } catch (e) {
      if (e instanceof pw.DecodeError) count(e.code);
      else if (e instanceof pw.EncodeError) count("encode_error");
      else throw e;
    }
    ops++;
  }
  if (Date.now() >= nextReport) {
    const rss = process.memoryUsage().rss;
    const wasm = core.memory.buffer.byteLength;
    maxRss = Math.max(maxRss, rss);
    maxWasm = Math.max(maxWasm, wasm);
    const now = Date.now();
    const rate = ((ops - lastOps) / (now - lastTime)) * 1000;
    console.log(
      `${new Date().toISOString().slice(11, 19)} ${ops} ops (${rate.toFixed(0)}/s), ${(bytes / 1e6).toFixed(0)} MB, rss ${(rss / 1e6).toFixed(0)} MB, wasm ${(wasm / 1e6).toFixed(1)} MB`,
    );
    lastOps = ops;
    lastTime = now;
    nextReport = now + 5000;
  }
}
// A last check: the codec is as good as new.
const m = refFromBinary(TestAllTypesProto3Schema, seeds[0][0]);
const ok = Buffer.from(pw.toBinary(TestAllTypesProto3Schema, pw.fromBinary(TestAllTypesProto3Schema, seeds[0][0]))).equals(Buffer.from(refToBinary(TestAllTypesProto3Schema, m)));
console.log(`done: ${ops} ops, max rss ${(maxRss / 1e6).toFixed(0)} MB, max wasm ${(maxWasm / 1e6).toFixed(1)} MB, final round trip ${ok ? "ok" : "DIFFERS"}`);
console.log("outcomes:", Object.fromEntries([...errors].sort((a, b) => b[1] - a[1])));
if (!ok) process.exitCode = 1;
