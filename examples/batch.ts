import { create } from "@bufbuild/protobuf";
import { Readable } from "node:stream";
import { decodeBatch, decodeStream, encodeBatch } from "protowasm";
import { UserSchema } from "./gen/user_pb.js";

const users = [1n, 2n, 3n].map((id) => create(UserSchema, { id, name: `user ${id}` }));

// One buffer, each message behind a varint size (protobuf's delimited format) or 4 bytes
// big-endian (framing: "uint32be"); one output for the whole batch.
const batch = encodeBatch(UserSchema, users, { framing: "uint32be" });
console.log(batch.length, decodeBatch(UserSchema, batch, { framing: "uint32be" }).map((u) => u.name));

// A stream (Node Readable, web ReadableStream or any async iterable of bytes), decoded as
// messages arrive, in memory bounded by the largest message.
const stream = Readable.from([batch.subarray(0, 10), batch.subarray(10)]);
for await (const user of decodeStream(UserSchema, stream, { framing: "uint32be", maxMessageBytes: 1 << 20 })) {
  console.log(user.id);
}
