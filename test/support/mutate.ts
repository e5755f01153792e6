// Random mutations of a valid encoding, for the accept/reject differential
// test: truncation, bit flips, inserted and deleted bytes, inflated or deflated
// length prefixes, duplicated records, padded (non-minimal) varints, changed
// wire types, field number 0, stray end-group tags, and any of these applied
// inside a nested message with the enclosing length prefixes fixed up.
import type { Rng } from "./rng.js";
import { WT, flatten, parseRecords, replaceContent, tag, varint, type WireNode } from "./wire.js";

export type MutationKind =
  | "truncate"
  | "flip-bits"
  | "insert-bytes"
  | "delete-bytes"
  | "inflate-length"
  | "duplicate-record"
  | "pad-varint"
  | "change-wire-type"
  | "field-zero"
  | "stray-end-group"
  | "long-varint"
  | "nested";

export interface Mutation {
  kind: MutationKind;
  bytes: Uint8Array;
}

const SPECIAL_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x0b, 0x0c, 0x12, 0x1a, 0x04, 0x03, 0x07, 0x06];

function splice(buf: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(buf.length - remove + insert.length);
  out.set(buf.subarray(0, at), 0);
  out.set(insert, at);
  out.set(buf.subarray(at + remove), at + insert.length);
  return out;
}

/** Byte-level mutations that need no structure. */
function byteMutation(rng: Rng, buf: Uint8Array, kind: MutationKind): Uint8Array {
  switch (kind) {
    case "truncate":
      return buf.slice(0, rng.int(0, Math.max(0, buf.length - 1)));
    case "flip-bits": {
      const out = buf.slice();
      const n = rng.int(1, 3);
      for (let i = 0; i < n && out.length > 0; i++) out[rng.int(0, out.length - 1)] ^= 1 << rng.int(0, 7);
      return out;
    }
    case "insert-bytes": {
      const n = rng.int(1, 4);
      const ins: number[] = [];
      for (let i = 0; i < n; i++) ins.push(rng.chance(0.5) ? rng.pick(SPECIAL_BYTES) : rng.u32() & 0xff);
      return splice(buf, rng.int(0, buf.length), 0, ins);
    }
    case "delete-bytes": {
      if (buf.length === 0) return buf.slice();
      const at = rng.int(0, buf.length - 1);
      return splice(buf, at, Math.min(rng.int(1, 4), buf.length - at), []);
    }
    default:
      throw new Error(`not a byte mutation: ${kind}`);
  }
}

function pickNode(rng: Rng, nodes: WireNode[], filter: (n: WireNode) => boolean = () => true): WireNode | undefined {
  const all = nodes.filter(filter);
  return all.length ? rng.pick(all) : undefined;
}

/** Mutations of the records of one message body (`buf` parsed as `nodes`). */
function recordMutation(rng: Rng, buf: Uint8Array, nodes: WireNode[], kind: MutationKind): Uint8Array | undefined {
  switch (kind) {
    case "inflate-length": {
      const n = pickNode(rng, nodes, (x) => x.wireType === WT.LEN);
      if (!n) return undefined;
      const len = n.valueEnd - n.valueStart;
      const delta = rng.pick([1, 1, 2, 3, 7, 128, -1, -1, -2, 0x7fffffff, 0xffffffff - len]);
      const newLen = Math.max(0, Math.min(0xffffffff, len + delta));
      return splice(buf, n.tagEnd, n.valueStart - n.tagEnd, varint(newLen));
    }
    case "duplicate-record": {
      const n = pickNode(rng, nodes);
      if (!n) return undefined;
      const rec = buf.slice(n.start, n.end);
      const at = rng.chance(0.5) ? n.end : rng.pick(nodes.map((x) => x.start).concat([buf.length]));
      return splice(buf, at, 0, rec);
    }
    case "pad-varint": {
      // Non-minimal varints are valid; tags padded to 6+ bytes are not (for @bufbuild/protobuf).
      const n = pickNode(rng, nodes);
      if (!n) return undefined;
      const pad = rng.pick([1, 1, 2, 3, 4, 5, 8]);
      if (rng.chance(0.5) || n.wireType !== WT.VARINT) {
        return splice(buf, n.start, n.tagEnd - n.start, tag(n.fieldNo, n.wireType, pad));
      }
      const original = buf.subarray(n.tagEnd, n.end);
      const padded = Array.from(original);
      padded[padded.length - 1] |= 0x80;
      for (let i = 1; i < pad; i++) padded.push(0x80);
      padded.push(0);
      return splice(buf, n.tagEnd, n.end - n.tagEnd, padded);
    }
    case "long-varint": {
      // A varint value with 10 or more bytes, for any field (known fields reject >10 bytes, skipped unknown ones may not).
      const n = pickNode(rng, nodes, (x) => x.wireType === WT.VARINT);
      if (!n) return undefined;
      const total = rng.pick([10, 10, 11, 12, 16]);
      const bytes: number[] = [];
      for (let i = 0; i < total - 1; i++) bytes.push(0x80 | (rng.u32() & 0x7f));
      bytes.push(rng.pick([0x00, 0x01, 0x02, 0x7f]));
      return splice(buf, n.tagEnd, n.end - n.tagEnd, bytes);
    }
    case "change-wire-type": {
      const n = pickNode(rng, nodes);
      if (!n) return undefined;
      let wt = rng.int(0, 7);
      if (wt === n.wireType) wt = (wt + 1) & 7;
      return splice(buf, n.start, n.tagEnd - n.start, tag(n.fieldNo, wt));
    }
    case "field-zero": {
      const n = pickNode(rng, nodes);
      if (!n) return undefined;
      return splice(buf, n.start, n.tagEnd - n.start, tag(0, n.wireType));
    }
    case "stray-end-group": {
      const at = rng.pick(nodes.map((x) => x.start).concat([buf.length]));
      const fieldNo = nodes.length && rng.chance(0.5) ? rng.pick(nodes).fieldNo : rng.int(1, 20);
      return splice(buf, at, 0, tag(fieldNo, rng.chance(0.8) ? WT.EGROUP : WT.SGROUP));
    }
    default:
      return byteMutation(rng, buf, kind);
  }
}

const TOP_KINDS: MutationKind[] = [
  "truncate",
  "truncate",
  "flip-bits",
  "flip-bits",
  "insert-bytes",
  "delete-bytes",
  "inflate-length",
  "inflate-length",
  "duplicate-record",
  "duplicate-record",
  "pad-varint",
  "long-varint",
  "change-wire-type",
  "field-zero",
  "stray-end-group",
  "nested",
  "nested",
  "nested",
];

/** Applies one random mutation to a valid encoding. */
export function mutate(rng: Rng, buf: Uint8Array): Mutation {
  const nodes = parseRecords(buf) ?? [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = rng.pick(TOP_KINDS);
    if (kind === "nested") {
      const candidates = flatten(nodes).filter(({ node }) => node.children !== undefined);
      if (candidates.length === 0) continue;
      const { node } = rng.pick(candidates);
      const content = buf.subarray(node.valueStart, node.valueEnd);
      const inner = node.children ?? [];
      const innerKind = rng.pick(TOP_KINDS.filter((k) => k !== "nested"));
      const shifted = inner.map((c) => shift(c, -node.valueStart));
      const mutated = recordMutation(rng, content, shifted, innerKind);
      if (mutated === undefined) continue;
      return { kind: "nested", bytes: replaceContent(buf, nodes, node, mutated) };
    }
    const out = recordMutation(rng, buf, nodes, kind);
    if (out !== undefined) return { kind, bytes: out };
  }
  return { kind: "insert-bytes", bytes: byteMutation(rng, buf, "insert-bytes") };
}

/** A copy of a node tree with every offset moved by `d` (to address a sub-buffer). */
function shift(n: WireNode, d: number): WireNode {
  return {
    ...n,
    start: n.start + d,
    tagEnd: n.tagEnd + d,
    end: n.end + d,
    valueStart: n.valueStart + d,
    valueEnd: n.valueEnd + d,
    children: n.children?.map((c) => shift(c, d)),
  };
}

