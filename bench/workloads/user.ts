// Workload 1: User entities, as 1000 single messages and as ListUsersResponse pages.
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { ListUsersResponseSchema, Role, UserSchema, type User } from "../gen/user_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

const FIRST = ["Anna", "Ben", "Chloé", "Dmitri", "Emma", "Fatima", "George", "Hiro", "Isabel", "José",
  "Kwame", "Lena", "Łukasz", "Maria", "Noah", "Olga", "Priya", "Søren", "Tomás", "Wei", "Yara", "Zoë"];
const LAST = ["Smith", "García", "Müller", "Rossi", "Nakamura", "Kowalski", "Okafor", "Johansson",
  "Dubois", "Chen", "Novak", "Silva", "Papadopoulos", "Kim", "O'Brien", "Fernández"];
const DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "users.example.io"];
const TAGS = ["beta", "admin", "vip", "trial", "enterprise", "eu", "us", "apac", "mobile", "sso",
  "2fa", "newsletter", "churn-risk", "partner"];
const ATTRIBUTE_KEYS = ["department", "locale", "timezone", "plan", "referrer", "team", "cost_center"];
const ROLES = [Role.VIEWER, Role.VIEWER, Role.VIEWER, Role.EDITOR, Role.EDITOR, Role.ADMIN, Role.OWNER];

export function makeUser(rng: Prng, id: number): User {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const tags: string[] = [];
  for (let i = rng.int(0, 4); i > 0; i--) tags.push(rng.pick(TAGS));
  const attributes: Record<string, string> = {};
  for (let i = rng.int(0, 4); i > 0; i--) attributes[rng.pick(ATTRIBUTE_KEYS)] = rng.word(2, 12);
  return create(UserSchema, {
    id: BigInt(1_000_000_000 + id * 7919),
    name: `${first} ${last}`,
    email: `${first}.${last}${rng.int(1, 999)}@${rng.pick(DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@-]/g, "x"),
    isActive: rng.bool(0.85),
    role: rng.pick(ROLES),
    createdAt: timestampFromMs(1_500_000_000_000 + rng.int(0, 250_000_000) * 1000),
    tags,
    attributes,
  });
}

function listPage(rng: Prng, count: number) {
  const users: User[] = [];
  for (let i = 0; i < count; i++) users.push(makeUser(rng, i));
  return create(ListUsersResponseSchema, { users, nextPageToken: rng.hex(32), totalSize: 48_213 });
}

export function userX1000(): Workload {
  const rng = new Prng(1);
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < 1000; i++) payloads.push(toBinary(UserSchema, makeUser(rng, i)));
  return {
    name: "user-x1000",
    description: "1000 single User messages (int64, strings, bool, enum, Timestamp, repeated string, map<string,string>)",
    schema: UserSchema,
    payloads,
  };
}

export function userList(count: 100 | 1000): Workload {
  return {
    name: `user-list-${count}`,
    description: `one ListUsersResponse of ${count} users`,
    schema: ListUsersResponseSchema,
    payloads: [toBinary(ListUsersResponseSchema, listPage(new Prng(count === 100 ? 2 : 3), count))],
  };
}
