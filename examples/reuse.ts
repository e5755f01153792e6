import { create } from "@bufbuild/protobuf";
import { MessagePool, toBinary } from "protowasm";
import { UserSchema } from "./gen/user_pb.js";

// Deterministic output: map entries sorted by key, whatever order they were added in.
const a = create(UserSchema, { attributes: { team: "x", city: "y" } });
const b = create(UserSchema, { attributes: { city: "y", team: "x" } });
const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
console.log(same(toBinary(UserSchema, a, { deterministic: true }), toBinary(UserSchema, b, { deterministic: true })));

// A pool of messages: decode into a recycled message, release it when done.
const pool = new MessagePool(UserSchema, { maxSize: 64 });
const bytes = toBinary(UserSchema, create(UserSchema, { id: 5n, name: "Lin" }));
const user = pool.decode(bytes);
console.log(user.name, pool.size);
pool.release(user);
console.log(pool.size, pool.acquire().name === "");
