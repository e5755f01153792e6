import { create } from "@bufbuild/protobuf";
import { DecodeError, fromBinary, limitsFromEnv, PRODUCTION_LIMITS, setDefaultLimits, toBinary } from "protowasm";
import { UserSchema } from "./gen/user_pb.js";

// The seed's production limits, overridden by its environment variables where set.
setDefaultLimits({ ...PRODUCTION_LIMITS, ...limitsFromEnv() });

const bytes = toBinary(UserSchema, create(UserSchema, { tags: Array.from({ length: 1500 }, (_, i) => `t${i}`) }));
try {
  fromBinary(UserSchema, bytes);
} catch (e) {
  if (e instanceof DecodeError) console.log(e.code, e.path);
}
console.log(fromBinary(UserSchema, bytes, { maxRepeated: 10_000 }).tags.length); // this call allows more
