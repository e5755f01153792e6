import { create } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { fromBinary, toBinary, ValidationError } from "protowasm";
import { ValidatedUserSchema } from "./gen/validated_user_pb.js";

const validate = createValidator();
const ok = create(ValidatedUserSchema, { id: 7n, name: "Ada", email: "ada@example.com" });
const bytes = toBinary(ValidatedUserSchema, ok, { validate });
console.log(fromBinary(ValidatedUserSchema, bytes, { validate }).name);

const bad = create(ValidatedUserSchema, { id: 0n, name: "", email: "nobody" });
try {
  toBinary(ValidatedUserSchema, bad, { validate });
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  for (const v of e.violations) console.log(`${v.path}: ${v.ruleId}`);
}
