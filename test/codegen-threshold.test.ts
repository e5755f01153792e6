// Generated per-type code (src/codegen.ts) is made on a type's GENERATE_AFTER-th use, the
// generic code serving before: results must not change at the switch, including when it
// happens in the middle of one message (a list of nested messages), and messages built by the
// generic factory must encode like those from the generated one.
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "../src/index.js";
import { generateAfter, setGenerateAfter } from "../src/codegen.js";
import { getPlan } from "../src/plan.js";
import { directStats, setDirectMode } from "../src/direct.js";
import { dropGenerated } from "./support/code-paths.js";
import { toHex } from "./support/hex.js";
import { ListUsersResponseSchema, Role, UserSchema, type User } from "./gen/seed_pb.js";

const N = generateAfter;

function user(i: number): User {
  return ref.create(UserSchema, {
    id: BigInt(i) * 1_000_003n - 7n,
    name: `user ${i} ✓`,
    email: i % 3 === 0 ? "" : `u${i}@example.com`,
    isActive: i % 2 === 0,
    role: (i % 4) as Role,
    createdAt: i % 5 === 0 ? undefined : { seconds: BigInt(1_700_000_000 + i), nanos: i },
    tags: Array.from({ length: i % 4 }, (_, j) => `t${j}`),
    attributes: i % 3 === 1 ? {} : { team: `team${i % 7}`, ["k" + i]: "v" },
  });
}

afterEach(() => {
  setGenerateAfter();
  dropGenerated([ListUsersResponseSchema]);
});

describe("generated code after a few uses", () => {
  it("waits for the default number of uses, more than one", () => {
    expect(N).toBeGreaterThan(1);
  });

  it("reads a type generically until its N-th message, then with generated code, with the same results", () => {
    dropGenerated([UserSchema]);
    // The scanner's reader: with the direct decoder on, a type's first small inputs may be
    // decoded without it (direct-interp.ts), and its uses counted later.
    setDirectMode("off");
    onTestFinished(() => setDirectMode("adaptive"));
    for (let i = 0; i < 2 * N; i++) {
      const bytes = ref.toBinary(UserSchema, user(i));
      expect(fromBinary(UserSchema, bytes)).toEqual(ref.fromBinary(UserSchema, bytes));
      const plan = getPlan(UserSchema);
      if (i < N - 1) {
        expect(plan.reader, `after decode ${i}`).toBeUndefined();
        expect(plan.factory, `after decode ${i}`).toBeUndefined();
      } else {
        expect(typeof plan.reader, `after decode ${i}`).toBe("function");
        expect(typeof plan.factory, `after decode ${i}`).toBe("function");
      }
    }
  });

  it("writes a type generically until its N-th message, then with generated code, to the same bytes", () => {
    dropGenerated([UserSchema]);
    for (let i = 0; i < 2 * N; i++) {
      const m = user(i);
      expect(toHex(toBinary(UserSchema, m))).toBe(toHex(ref.toBinary(UserSchema, m)));
      const plan = getPlan(UserSchema);
      if (i < N - 1) expect(plan.writer, `after encode ${i}`).toBeUndefined();
      else expect(typeof plan.writer, `after encode ${i}`).toBe("function");
    }
  });

  it("switches in the middle of one message: nested messages before and after compile", () => {
    dropGenerated([ListUsersResponseSchema]);
    const list = ref.create(ListUsersResponseSchema, { users: Array.from({ length: 3 * N }, (_, i) => user(i)), totalSize: 3 * N });
    const bytes = ref.toBinary(ListUsersResponseSchema, list);
    const got = fromBinary(ListUsersResponseSchema, bytes);
    expect(got).toEqual(ref.fromBinary(ListUsersResponseSchema, bytes));
    // One decode: the list type once, each user a use of the user type.
    expect(getPlan(ListUsersResponseSchema).reader).toBeUndefined();
    expect(typeof getPlan(UserSchema).reader).toBe("function");
    // Users made by the generic code and by the generated factory have the same properties.
    expect(Object.keys(got.users[1])).toEqual(Object.keys(got.users[3 * N - 1]));

    dropGenerated([ListUsersResponseSchema]);
    expect(toHex(toBinary(ListUsersResponseSchema, got))).toBe(toHex(bytes));
    expect(getPlan(ListUsersResponseSchema).writer).toBeUndefined();
    expect(typeof getPlan(UserSchema).writer).toBe("function");
  });

  it("setGenerateAfter(1) generates at the first use (what the tests of generated code use)", () => {
    setGenerateAfter(1);
    setDirectMode("off"); // else the direct decoder, generated at once too, takes the input
    try {
      dropGenerated([UserSchema]);
      const bytes = ref.toBinary(UserSchema, user(1));
      expect(fromBinary(UserSchema, bytes)).toEqual(ref.fromBinary(UserSchema, bytes));
      expect(typeof getPlan(UserSchema).reader).toBe("function");
      expect(getPlan(UserSchema).direct).toBeUndefined();
    } finally {
      setDirectMode("adaptive");
    }
  });

  it("the direct decoder too: generated on a type's N-th decode", () => {
    dropGenerated([UserSchema]);
    const bytes = ref.toBinary(UserSchema, ref.create(UserSchema, { id: 5n, isActive: true }));
    for (let i = 0; i < N; i++) {
      expect(getPlan(UserSchema).direct, `before decode ${i}`).toBeUndefined();
      expect(fromBinary(UserSchema, bytes)).toEqual(ref.fromBinary(UserSchema, bytes));
    }
    expect(typeof getPlan(UserSchema).direct).toBe("function");
    expect(directStats(getPlan(UserSchema)).uses).toBe(N); // the N-th decode was its first
  });

  it("before that, small inputs are decoded by the interpreted direct decoder, without the scanner", () => {
    dropGenerated([UserSchema]);
    const small = ref.toBinary(UserSchema, ref.create(UserSchema, { id: 5n, name: "ab", attributes: { k: "v" }, createdAt: { seconds: 3n } }));
    for (let i = 0; i < N - 1; i++) expect(fromBinary(UserSchema, small)).toEqual(ref.fromBinary(UserSchema, small));
    const plan = getPlan(UserSchema);
    expect(plan.direct).toBeUndefined();
    expect(plan.readUses).toBe(0); // no tape read
    // Past the budget (many strings): the scanner's.
    const large = ref.toBinary(UserSchema, user(7));
    expect(fromBinary(UserSchema, large)).toEqual(ref.fromBinary(UserSchema, large));
    expect(plan.readUses).toBeGreaterThan(0);
  });
});
