import { create } from "@bufbuild/protobuf";
import * as promClient from "prom-client";
import { fromBinary, instrument, toBinary } from "protowasm";
import { UserSchema } from "./gen/user_pb.js";

const registry = new promClient.Registry();
const metrics = instrument({ prometheus: { registry } });

const bytes = toBinary(UserSchema, create(UserSchema, { id: 1n }));
fromBinary(UserSchema, bytes);
try {
  fromBinary(UserSchema, new Uint8Array([0xff]));
} catch {
  // counted with status="error"
}
metrics.stop();

const text = await registry.metrics();
console.log(text.split("\n").filter((l) => l.startsWith("protobuf_deserializations_total")).join("\n"));
