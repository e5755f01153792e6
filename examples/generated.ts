import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { fromBinary, toBinary } from "protowasm";
import { Role, UserSchema } from "./gen/user_pb.js";

const user = create(UserSchema, {
  id: 42n,
  name: "Ada Lovelace",
  email: "ada@example.com",
  isActive: true,
  role: Role.ADMIN,
  createdAt: timestampFromDate(new Date("1843-07-01T00:00:00Z")),
  tags: ["math", "engines"],
  attributes: { team: "analytical" },
});

const bytes = toBinary(UserSchema, user); // the same bytes as @bufbuild/protobuf
const decoded = fromBinary(UserSchema, bytes);
console.log(bytes.length, decoded.name, decoded.role === Role.ADMIN, decoded.attributes.team);
