// Schema-aware rewriting of a valid encoding into another valid, non-canonical
// encoding of (mostly) the same data, the way other protobuf writers or
// hand-made input may look: records shuffled or repeated, packed fields split
// or unpacked, unpacked elements packed, padded varints, 32-bit fields carrying
// high bits, map entries with value before key, missing key or value, unknown
// records inside the entry, and the same rewrites inside nested messages,
// groups and map values.
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";
import { WT, concat, parseRecords, readVarint, tag, varint, type WireNode } from "./wire.js";

type Bytes = Uint8Array;

function elementWireType(t: ScalarType): number {
  switch (t) {
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
    case ScalarType.FLOAT:
      return WT.I32;
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
    case ScalarType.DOUBLE:
      return WT.I64;
    default:
      return WT.VARINT;
  }
}

function is32BitVarint(t: ScalarType): boolean {
  return t === ScalarType.INT32 || t === ScalarType.UINT32 || t === ScalarType.SINT32 || t === ScalarType.BOOL;
}

/** Splits a packed payload into its elements' raw bytes; undefined if malformed. */
function splitPacked(buf: Bytes, start: number, end: number, wt: number): Bytes[] | undefined {
  const out: Bytes[] = [];
  let pos = start;
  while (pos < end) {
    let next: number;
    if (wt === WT.VARINT) {
      const v = readVarint(buf, pos, end);
      if (!v) return undefined;
      next = v[1];
    } else {
      next = pos + (wt === WT.I32 ? 4 : 8);
      if (next > end) return undefined;
    }
    out.push(buf.subarray(pos, next));
    pos = next;
  }
  return out;
}

/** A varint element rewritten with the same low 32 bits (for 32-bit fields) or padded. */
function rewriteVarint(rng: Rng, raw: Bytes, type: ScalarType | "enum"): Bytes {
  const v = readVarint(raw, 0, raw.length);
  if (!v) return raw;
  const r = rng.float();
  if (r < 0.4) return new Uint8Array(varint(BigInt(v[0]), rng.int(1, 3)));
  if (r < 0.7 && (type === "enum" || is32BitVarint(type))) {
    // Decoders keep the low 32 bits of a 32-bit varint field (bool: any non-zero bit).
    const low = BigInt(v[0]) & 0xffffffffn;
    const high = BigInt(rng.u32()) << 32n;
    return new Uint8Array(varint(type === ScalarType.BOOL && low === 0n ? 0n : high | low));
  }
  return raw;
}

export class Scrambler {
  constructor(private readonly rng: Rng) {}

  /** A non-canonical encoding of `bytes`, a valid encoding of `desc`. */
  message(desc: DescMessage, bytes: Bytes): Bytes {
    const nodes = parseRecords(bytes);
    if (!nodes) return bytes;
    return concat(this.records(desc, bytes, nodes, 0));
  }

  private records(desc: DescMessage, buf: Bytes, nodes: WireNode[], depth: number): Bytes[] {
    const rng = this.rng;
    const byNumber = new Map<number, DescField>();
    for (const f of desc.fields) byNumber.set(f.number, f);
    let out: Bytes[] = [];
    for (const n of nodes) {
      const f = byNumber.get(n.fieldNo);
      const recs = f && depth < 20 ? this.field(f, buf, n, depth) : [buf.subarray(n.start, n.end)];
      out.push(...recs);
      if (rng.chance(0.04)) out.push(...recs);
    }
    if (out.length > 1 && rng.chance(0.15)) {
      out = out.map((r) => [rng.float(), r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    }
    return out;
  }

  private field(f: DescField, buf: Bytes, n: WireNode, depth: number): Bytes[] {
    const rng = this.rng;
    const raw = buf.subarray(n.start, n.end);
    const tagBytes = buf.subarray(n.start, n.tagEnd);
    const message =
      f.fieldKind === "message" ? f.message : f.fieldKind === "list" && f.listKind === "message" ? f.message : undefined;
    if (message) {
      if (!n.children) return [raw];
      const inner = concat(this.records(message, buf, n.children, depth + 1));
      if (n.wireType === WT.LEN) return [concat([tagBytes, varint(inner.length), inner])];
      if (n.wireType === WT.SGROUP) return [concat([tagBytes, inner, buf.subarray(n.valueEnd, n.end)])];
      return [raw];
    }
    if (f.fieldKind === "map") {
      return n.wireType === WT.LEN && n.children ? [this.mapEntry(f, buf, n, depth)] : [raw];
    }
    if (f.fieldKind === "list" && f.listKind !== "message" && (f.listKind === "enum" || (f.scalar !== ScalarType.STRING && f.scalar !== ScalarType.BYTES))) {
      const type = f.listKind === "enum" ? "enum" : f.scalar;
      const wt = elementWireType(type === "enum" ? ScalarType.INT32 : type);
      if (n.wireType === WT.LEN) {
        const elems = splitPacked(buf, n.valueStart, n.valueEnd, wt);
        if (!elems || elems.length === 0) return [raw];
        const items = wt === WT.VARINT ? elems.map((e) => (rng.chance(0.2) ? rewriteVarint(rng, e, type) : e)) : elems;
        const r = rng.float();
        if (r < 0.3) return items.map((e) => concat([tag(n.fieldNo, wt), e]));
        if (r < 0.5 && items.length > 1) {
          const cut = rng.int(1, items.length - 1);
          const pack = (xs: Bytes[]) => {
            const body = concat(xs);
            return concat([tag(n.fieldNo, WT.LEN), varint(body.length), body]);
          };
          return [pack(items.slice(0, cut)), pack(items.slice(cut))];
        }
        const body = concat(items);
        return [concat([tagBytes, varint(body.length), body])];
      }
      const value = buf.subarray(n.tagEnd, n.end);
      const el = wt === WT.VARINT && rng.chance(0.2) ? rewriteVarint(rng, value, type) : value;
      if (rng.chance(0.25)) return [concat([tag(n.fieldNo, WT.LEN), varint(el.length), el])];
      return [concat([tagBytes, el])];
    }
    if ((f.fieldKind === "scalar" || f.fieldKind === "enum") && n.wireType === WT.VARINT && rng.chance(0.3)) {
      const type = f.fieldKind === "enum" ? "enum" : f.scalar;
      return [concat([tagBytes, rewriteVarint(rng, buf.subarray(n.tagEnd, n.end), type)])];
    }
    return [raw];
  }

  /** A map entry with its key and value records reordered, dropped, repeated or padded with unknown records. */
  private mapEntry(f: DescField & { fieldKind: "map" }, buf: Bytes, n: WireNode, depth: number): Bytes {
    const rng = this.rng;
    const parts: Bytes[] = [];
    for (const c of n.children ?? []) {
      let rec: Bytes = buf.subarray(c.start, c.end);
      if (c.fieldNo === 2 && f.mapKind === "message" && c.wireType === WT.LEN && c.children) {
        const inner = concat(this.records(f.message, buf, c.children, depth + 1));
        rec = concat([buf.subarray(c.start, c.tagEnd), varint(inner.length), inner]);
      }
      const r = rng.float();
      if (r < 0.1) continue; // drop the key or the value: the zero value is used
      parts.push(rec);
      if (r < 0.15) parts.push(rec); // repeated key or value: the last wins (messages merge)
    }
    if (rng.chance(0.3)) parts.reverse();
    if (rng.chance(0.15)) parts.splice(rng.int(0, parts.length), 0, concat([tag(rng.int(3, 20), WT.VARINT), varint(rng.u32())]));
    const body = concat(parts);
    return concat([buf.subarray(n.start, n.tagEnd), varint(body.length), body]);
  }
}
