// Minimal protobuf wire-format toolkit for the tests: varints and tags, a
// strict record parser that builds a tree (length-delimited values that parse
// as messages, and groups, get children), rebuilding a buffer after replacing
// the content of one node (fixing every enclosing length prefix), and random
// well-formed records for unknown fields.
import type { Rng } from "./rng.js";

export const WT = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;
export const MAX_FIELD_NO = 536870911;

/** Varint bytes of an unsigned value (numbers and bigints; negative int32 as 10 bytes), padded with `pad` redundant bytes. */
export function varint(value: number | bigint, pad = 0): number[] {
  let v = typeof value === "bigint" ? BigInt.asUintN(64, value) : BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  if (pad > 0) {
    out[out.length - 1] |= 0x80;
    for (let i = 1; i < pad; i++) out.push(0x80);
    out.push(0x00);
  }
  return out;
}

export function tag(fieldNo: number, wireType: number, pad = 0): number[] {
  return varint(((fieldNo << 3) | wireType) >>> 0, pad);
}

export function concat(parts: (Uint8Array | number[])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface WireNode {
  start: number; // first byte of the tag
  tagEnd: number; // first byte after the tag
  end: number; // first byte after the record (for groups: after the end tag)
  fieldNo: number;
  wireType: number;
  valueStart: number; // LEN: first content byte; group: first byte after the start tag
  valueEnd: number; // LEN: after the content; group: first byte of the end tag
  children?: WireNode[]; // LEN content that parses as records, or group content
}

/** Reads a varint; the value is exact up to 2^53 (enough for tags and lengths). */
export function readVarint(buf: Uint8Array, pos: number, limit: number): [number, number] | undefined {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= limit) return undefined;
    const b = buf[pos++];
    result += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [result, pos];
    scale *= 128;
  }
  return undefined;
}

/**
 * Strictly parses buf[start, end) as a sequence of records. Returns undefined if
 * it is not well-formed (bad tag, truncated value, unbalanced groups, or a
 * record that does not end exactly at `end`).
 */
export function parseRecords(buf: Uint8Array, start = 0, end = buf.length, depth = 0): WireNode[] | undefined {
  const nodes: WireNode[] = [];
  let pos = start;
  while (pos < end) {
    const r = parseRecord(buf, pos, end, depth);
    if (r === undefined || r.wireType === WT.EGROUP) return undefined;
    nodes.push(r);
    pos = r.end;
  }
  return pos === end ? nodes : undefined;
}

function parseRecord(buf: Uint8Array, pos: number, end: number, depth: number): WireNode | undefined {
  const start = pos;
  const t = readVarint(buf, pos, end);
  if (t === undefined || t[0] > 0xffffffff) return undefined;
  const tagValue = t[0];
  pos = t[1];
  const fieldNo = tagValue >>> 3;
  const wireType = tagValue & 7;
  if (fieldNo === 0 || wireType > 5) return undefined;
  const node: WireNode = { start, tagEnd: pos, end: pos, fieldNo, wireType, valueStart: pos, valueEnd: pos };
  switch (wireType) {
    case WT.VARINT: {
      const v = readVarint(buf, pos, end);
      if (v === undefined) return undefined;
      node.end = node.valueEnd = v[1];
      return node;
    }
    case WT.I64:
    case WT.I32: {
      const n = wireType === WT.I64 ? 8 : 4;
      if (pos + n > end) return undefined;
      node.end = node.valueEnd = pos + n;
      return node;
    }
    case WT.LEN: {
      const l = readVarint(buf, pos, end);
      if (l === undefined) return undefined;
      const len = l[0];
      if (l[1] + len > end) return undefined;
      node.valueStart = l[1];
      node.valueEnd = node.end = l[1] + len;
      if (depth < 12 && len > 0) {
        node.children = parseRecords(buf, node.valueStart, node.valueEnd, depth + 1);
      }
      return node;
    }
    case WT.SGROUP: {
      if (depth >= 40) return undefined;
      const children: WireNode[] = [];
      for (;;) {
        if (pos >= end) return undefined;
        const r = parseRecord(buf, pos, end, depth + 1);
        if (r === undefined) return undefined;
        if (r.wireType === WT.EGROUP) {
          if (r.fieldNo !== fieldNo) return undefined;
          node.valueEnd = pos;
          node.end = r.end;
          node.children = children;
          return node;
        }
        children.push(r);
        pos = r.end;
      }
    }
    case WT.EGROUP:
      node.end = pos;
      return node;
  }
  return undefined;
}

/** All nodes of a tree, depth first, with their nesting depth. */
export function flatten(nodes: WireNode[], depth = 0, out: { node: WireNode; depth: number }[] = []) {
  for (const n of nodes) {
    out.push({ node: n, depth });
    if (n.children) flatten(n.children, depth + 1, out);
  }
  return out;
}

function contains(n: WireNode, target: WireNode): boolean {
  return target.start >= n.valueStart && target.end <= n.valueEnd && n !== target;
}

/**
 * Rebuilds `buf` (parsed into `nodes`) with the value content of `target`
 * replaced by `content`; the length prefixes of `target` and of every
 * enclosing length-delimited record are rewritten to match.
 */
export function replaceContent(buf: Uint8Array, nodes: WireNode[], target: WireNode, content: Uint8Array): Uint8Array {
  const build = (list: WireNode[], from: number, to: number): Uint8Array => {
    const parts: Uint8Array[] = [];
    let pos = from;
    for (const n of list) {
      if (n === target || contains(n, target)) {
        parts.push(buf.subarray(pos, n.start));
        const inner = n === target ? content : build(n.children ?? [], n.valueStart, n.valueEnd);
        if (n.wireType === WT.LEN) {
          parts.push(buf.subarray(n.start, n.tagEnd), new Uint8Array(varint(inner.length)), inner);
        } else {
          parts.push(buf.subarray(n.start, n.valueStart), inner, buf.subarray(n.valueEnd, n.end));
        }
        pos = n.end;
      }
    }
    parts.push(buf.subarray(pos, to));
    return concat(parts);
  };
  return build(nodes, 0, buf.length);
}

/** A random, well-formed record (tag included) with the given field number. */
export function randomRecord(rng: Rng, fieldNo: number, depth = 0): Uint8Array {
  const wt = depth < 3 ? rng.pick([0, 0, 1, 2, 2, 3, 5]) : rng.pick([0, 1, 2, 5]);
  return concat([tag(fieldNo, wt), randomRecordData(rng, fieldNo, wt, depth)]);
}

/** The bytes following the tag of a well-formed record: what $unknown[i].data holds. */
export function randomRecordData(rng: Rng, fieldNo: number, wireType: number, depth = 0): Uint8Array {
  switch (wireType) {
    case WT.VARINT: {
      const v = rng.chance(0.1) ? rng.pick([0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n]) : rng.uBits(64);
      return new Uint8Array(varint(v, rng.chance(0.05) ? rng.int(1, 3) : 0));
    }
    case WT.I64:
      return rng.bytes(8);
    case WT.I32:
      return rng.bytes(4);
    case WT.LEN: {
      let content: Uint8Array;
      if (depth < 3 && rng.chance(0.3)) {
        const n = rng.int(0, 3);
        const parts: Uint8Array[] = [];
        for (let i = 0; i < n; i++) parts.push(randomRecord(rng, randomFieldNo(rng), depth + 1));
        content = concat(parts);
      } else if (rng.chance(0.3)) {
        content = new TextEncoder().encode(rng.pick(["", "abc", "héllo", "😀", "\u0000"]));
      } else {
        content = rng.bytes(rng.chance(0.05) ? rng.int(128, 400) : rng.int(0, 24));
      }
      return concat([varint(content.length), content]);
    }
    case WT.SGROUP: {
      const n = depth < 3 ? rng.int(0, 3) : 0;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < n; i++) parts.push(randomRecord(rng, randomFieldNo(rng), depth + 1));
      parts.push(new Uint8Array(tag(fieldNo, WT.EGROUP)));
      return concat(parts);
    }
  }
  throw new Error(`no data for wire type ${wireType}`);
}

/** A random field number, biased to small ones, covering every tag size. */
export function randomFieldNo(rng: Rng, exclude?: ReadonlySet<number>): number {
  for (;;) {
    const r = rng.float();
    const n =
      r < 0.5
        ? rng.int(1, 15)
        : r < 0.8
          ? rng.int(16, 2047)
          : r < 0.95
            ? rng.int(2048, 262143)
            : rng.chance(0.3)
              ? MAX_FIELD_NO
              : rng.int(262144, MAX_FIELD_NO);
    if (!exclude || !exclude.has(n)) return n;
  }
}
