// The production kit around the codec: required fields (allowPartial: false), validators
// (functions and protovalidate), metrics read back from prom-client and OpenTelemetry,
// clearMessage and MessagePool, and the JSON re-exports.

import { describe, expect, it } from "vitest";
import * as promClient from "prom-client";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { create, toBinary as refToBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { createValidator } from "@bufbuild/protovalidate";
import { pathToString, type Path } from "@bufbuild/protobuf/reflect";
import * as pw from "../src/index.js";
import { MissingRequiredError, ValidationError } from "../src/index.js";
import { Required2Schema, ForeignMessage2Schema, TestAllTypesProto2Schema } from "./gen/proto2_pb.js";
import { TestAllTypesProto3Schema } from "./gen/proto3_pb.js";
import { ValidatedUserSchema } from "../examples/gen/validated_user_pb.js";

describe("required fields", () => {
  const complete = () =>
    create(Required2Schema, { reqInt32: 1, reqString: "s", reqMessage: create(ForeignMessage2Schema), reqClosed: 1 });

  it("lists every missing field, nested in messages and lists, on decode and encode", () => {
    const m = complete();
    m.child = create(Required2Schema, { reqInt32: 2 }); // missing reqString, reqMessage, reqClosed
    m.children = [complete(), create(Required2Schema, { reqString: "x", reqMessage: create(ForeignMessage2Schema), reqClosed: 1 })];
    // The default encoder writes what is set... except that @bufbuild/protobuf refuses missing required fields.
    expect(() => pw.toBinary(Required2Schema, m)).toThrow(pw.EncodeError);
    let err: unknown;
    try {
      pw.toBinary(Required2Schema, m, { allowPartial: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingRequiredError);
    const paths = ["Required2.child.reqString", "Required2.child.reqMessage", "Required2.child.reqClosed", "Required2.children[1].reqInt32"];
    expect((err as MissingRequiredError).paths).toEqual(paths);
    // Decode of bytes with the same holes (written by hand: encoders refuse them): accepted
    // by default, rejected with the same list.
    const w = new BinaryWriter();
    w.tag(1, WireType.Varint).int32(1).tag(2, WireType.LengthDelimited).string("s");
    w.tag(3, WireType.LengthDelimited).bytes(new Uint8Array(0));
    w.tag(4, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int32(2).join();
    w.tag(5, WireType.LengthDelimited).bytes(refToBinary(Required2Schema, complete()));
    w.tag(5, WireType.LengthDelimited).fork().tag(2, WireType.LengthDelimited).string("x")
      .tag(3, WireType.LengthDelimited).bytes(new Uint8Array(0)).tag(6, WireType.Varint).int32(1).join();
    w.tag(6, WireType.Varint).int32(1);
    const bytes = w.finish();
    expect(() => pw.fromBinary(Required2Schema, bytes)).not.toThrow();
    expect(() => pw.fromBinary(Required2Schema, bytes, { allowPartial: false })).toThrow(MissingRequiredError);
    try {
      pw.fromBinary(Required2Schema, bytes, { allowPartial: false });
    } catch (e) {
      expect((e as MissingRequiredError).paths).toEqual(paths);
    }
    // Batches check every message.
    expect(() => pw.decodeBatch(Required2Schema, pw.encodeBatch(Required2Schema, [complete()]), { allowPartial: false })).not.toThrow();
    expect(() => pw.decodeBatch(Required2Schema, new Uint8Array([0]), { allowPartial: false })).toThrow(/Required2.reqInt32/);
  });
});

describe("validation", () => {
  it("runs a function validator on decode and encode and lists its violations", () => {
    const validate = (m: { singleInt32: number; singleString: string }) => {
      const out: pw.Violation[] = [];
      if (m.singleInt32 <= 0) out.push({ path: "singleInt32", message: "must be positive" });
      if (!m.singleString.includes("@")) out.push({ path: "singleString", message: "needs an @" });
      return out;
    };
    const good = create(TestAllTypesProto3Schema, { singleInt32: 3, singleString: "a@b" });
    const bad = create(TestAllTypesProto3Schema, { singleInt32: 0, singleString: "ab" });
    const bytes = pw.toBinary(TestAllTypesProto3Schema, good, { validate });
    expect(pw.fromBinary(TestAllTypesProto3Schema, bytes, { validate }).singleInt32).toBe(3);
    let err: ValidationError | undefined;
    try {
      pw.toBinary(TestAllTypesProto3Schema, bad, { validate });
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.violations.map((v) => v.path)).toEqual(["singleInt32", "singleString"]);
    const badBytes = refToBinary(TestAllTypesProto3Schema, bad);
    expect(() => pw.fromBinary(TestAllTypesProto3Schema, badBytes, { validate })).toThrow(ValidationError);
    expect(() => pw.fromBinary(TestAllTypesProto3Schema, badBytes)).not.toThrow();
  });

  it("runs a protovalidate validator with the seed's validate_user rules", () => {
    const validate = createValidator();
    const ok = create(ValidatedUserSchema, { id: 1n, name: "A", email: "a@b" });
    expect(pw.fromBinary(ValidatedUserSchema, pw.toBinary(ValidatedUserSchema, ok, { validate }), { validate }).email).toBe("a@b");
    const bad = create(ValidatedUserSchema, { id: -5n, name: "", email: "x" });
    try {
      pw.toBinary(ValidatedUserSchema, bad, { validate });
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const v = (e as ValidationError).violations;
      expect(v.map((x) => [x.path, x.ruleId])).toEqual([["id", "int64.gt"], ["name", "string.min_len"], ["email", "string.contains"]]);
    }
  });
});

describe("violation paths", () => {
  it("are written as @bufbuild/protobuf's pathToString writes them", () => {
    const S = TestAllTypesProto3Schema;
    // Paths hold the fields' descriptors; the name is what gets written.
    const f = (name: string) => ({ name });
    const paths: Path[] = [
      [],
      [{ kind: "field", ...f("optional_nested_message") } as never, { kind: "field", name: "a" } as never],
      [{ kind: "field", ...f("repeated_int32") } as never, { kind: "list_sub", index: 7 }],
      [{ kind: "field", ...f("map_string_string") } as never, { kind: "map_sub", key: 'a"b\\c\r\nd' }],
      [{ kind: "field", ...f("map_int32_int32") } as never, { kind: "map_sub", key: -3 }],
      [{ kind: "oneof", name: "oneof_field" } as never, { kind: "extension", typeName: "pkg.ext" } as never],
    ];
    for (const path of paths) {
      const validate = { validate: () => ({ kind: "invalid" as const, violations: [{ field: path, message: "no", ruleId: "r" }] }) };
      try {
        pw.toBinary(S, create(S), { validate });
        throw new Error("accepted");
      } catch (e) {
        expect((e as ValidationError).violations[0].path).toBe(pathToString(path));
      }
    }
  });
});

describe("metrics", () => {
  const S = TestAllTypesProto3Schema;
  const message = create(S, { singleString: "hello" });
  const bytes = refToBinary(S, message);

  it("records counts, statuses, durations and sizes in a prom-client registry", async () => {
    const registry = new promClient.Registry();
    const inst = pw.instrument({ prometheus: { registry } });
    try {
      pw.toBinary(S, message);
      pw.fromBinary(S, bytes);
      pw.fromBinary(S, bytes);
      expect(() => pw.fromBinary(S, new Uint8Array([0x08]))).toThrow(pw.DecodeError);
      pw.decodeBatch(S, pw.encodeBatch(S, [message, message, message]));
    } finally {
      inst.stop();
    }
    pw.fromBinary(S, bytes); // not recorded after stop()
    const type = S.typeName;
    const value = async (name: string, labels: Record<string, string>) =>
      (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
    expect(await value("protobuf_deserializations_total", { message_type: type, status: "success" })).toBe(5);
    expect(await value("protobuf_deserializations_total", { message_type: type, status: "error" })).toBe(1);
    expect(await value("protobuf_serializations_total", { message_type: type, status: "success" })).toBe(4);
    const hist = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
    const deCount = (await hist("protobuf_deserialization_duration_seconds")).find((v) => (v as { metricName?: string }).metricName?.endsWith("_count"));
    expect(deCount?.value).toBe(4); // 3 calls + 1 batch call
    const sizes = await hist("protobuf_message_size_bytes");
    const serSum = sizes.find((v) => (v as { metricName?: string }).metricName?.endsWith("_sum") && v.labels.direction === "serialize");
    expect(serSum?.value).toBe(bytes.length + 3 * (bytes.length + 1));
    const text = await registry.metrics();
    expect(text).toContain(`protobuf_serializations_total{message_type="${type}",status="success"} 4`);
  });

  it("records the same through an OpenTelemetry Meter", async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const inst = pw.instrument({ meter: provider.getMeter("protowasm-test") });
    try {
      pw.fromBinary(S, bytes);
      expect(() => pw.fromBinary(S, new Uint8Array([0xff]))).toThrow();
      pw.toBinary(S, message);
    } finally {
      inst.stop();
    }
    await reader.forceFlush();
    const metrics = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const points = (name: string) => metrics.find((m) => m.descriptor.name === name)!.dataPoints as { attributes: Record<string, unknown>; value: any }[];
    const de = points("protobuf_deserializations_total");
    expect(de.find((p) => p.attributes.status === "success")?.value).toBe(1);
    expect(de.find((p) => p.attributes.status === "error")?.value).toBe(1);
    expect(points("protobuf_serializations_total")[0].value).toBe(1);
    expect(points("protobuf_message_size_bytes").find((p) => p.attributes.direction === "serialize")?.value.sum).toBe(bytes.length);
    await provider.shutdown();
  });
});

describe("reuse", () => {
  it("clearMessage resets every field, keeping the object", () => {
    const m = create(TestAllTypesProto2Schema, { optionalInt32: 5, repeatedString: ["a"], mapStringString: { k: "v" }, oneofField: { case: "oneofString", value: "x" } });
    m.$unknown = [{ no: 999, wireType: 0, data: new Uint8Array([1]) }];
    const same = pw.clearMessage(TestAllTypesProto2Schema, m);
    expect(same).toBe(m);
    expect(m).toEqual(create(TestAllTypesProto2Schema));
    expect(Object.keys(m).sort()).toEqual(Object.keys(create(TestAllTypesProto2Schema)).sort());
    expect(() => pw.clearMessage(TestAllTypesProto3Schema, m as never)).toThrow(TypeError);
  });

  it("MessagePool hands out cleared messages and keeps at most maxSize", () => {
    const pool = new pw.MessagePool(TestAllTypesProto3Schema, { maxSize: 2 });
    const bytes = refToBinary(TestAllTypesProto3Schema, create(TestAllTypesProto3Schema, { singleInt32: 9, repeatedInt32: [1, 2] }));
    const a = pool.decode(bytes);
    expect(a.singleInt32).toBe(9);
    pool.release(a);
    const b = pool.decode(bytes);
    expect(b).toBe(a); // reused, and not merged with the old contents
    expect(b.repeatedInt32).toEqual([1, 2]);
    pool.release(b);
    pool.release(create(TestAllTypesProto3Schema));
    pool.release(create(TestAllTypesProto3Schema));
    expect(pool.size).toBe(2);
    expect(() => pool.decode(new Uint8Array([0xff]))).toThrow(pw.DecodeError);
    expect(pool.size).toBe(2);
  });
});

it("re-exports the JSON helpers", () => {
  const m = create(TestAllTypesProto3Schema, { singleInt32: 4 });
  expect(pw.toJson(TestAllTypesProto3Schema, m)).toEqual({ singleInt32: 4 });
  expect(pw.fromJsonString(TestAllTypesProto3Schema, pw.toJsonString(TestAllTypesProto3Schema, m)).singleInt32).toBe(4);
});
