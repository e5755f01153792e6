// The encoder's wire pass. JS walks a message and writes a stream of ops (see layout.ts):
// tags and values as plain words, strings and bytes already in linear memory, nested
// length-delimited parts bracketed by OP_BEGIN/OP_END. encode() writes the bytes in one
// forward pass: a part's length is unknown where it starts, so one byte is kept for it (most
// nested parts are under 128 bytes) and a longer part is moved right at its end to make room.
// That cost less than sizing every part in a first pass over the ops (2-8% of toBinary).

import {
  OP_END, OP_VARINT32, OP_INT32, OP_SINT32, OP_VARINT64, OP_SINT64, OP_FIXED32, OP_FIXED64,
  OP_BYTES, OP_BEGIN, OP_TAG, OP_RAW, OP_PACKED, OP_FRAME32, OP_END32, PK_UINT64,
} from "./layout";
import { varintSize32 } from "./varint";

@inline
function zigzag32(v: i32): u32 {
  return <u32>((v << 1) ^ (v >> 31));
}

@inline
function zigzag64(v: i64): u64 {
  return <u64>((v << 1) ^ (v >> 63));
}

@inline
function join64(lo: u32, hi: u32): u64 {
  return (<u64>lo) | ((<u64>hi) << 32);
}

function writePacked(out: usize, k: i32, ptr: usize, count: usize): usize {
  if (k == PK_UINT64) {
    for (let i: usize = 0; i < count; i++) out = writeVarint64(out, load<u64>(ptr + (i << 3), 0, 1));
  } else {
    for (let i: usize = 0; i < count; i++) out = writeVarint64(out, zigzag64(load<i64>(ptr + (i << 3), 0, 1)));
  }
  return out;
}

@inline
function writeVarint32(out: usize, v: u32): usize {
  while (v >= 0x80) {
    store<u8>(out, <u8>(v | 0x80));
    out++;
    v >>>= 7;
  }
  store<u8>(out, <u8>v);
  return out + 1;
}

function writeVarint64(out: usize, v: u64): usize {
  while (v >= 0x80) {
    store<u8>(out, <u8>(v | 0x80));
    out++;
    v >>>= 7;
  }
  store<u8>(out, <u8>v);
  return out + 1;
}

@inline
function writeTag(out: usize, tag: u32): usize {
  if (tag == 0) return out;
  if (tag < 0x80) {
    store<u8>(out, <u8>tag);
    return out + 1;
  }
  return writeVarint32(out, tag);
}

// Writes the bytes of the op stream [ops, opsEnd) to out and returns their number. stack is
// scratch memory for the open parts (4 bytes each). JS reserves room for the output from an
// upper bound on each op's bytes (encode.ts: finish), and 16 spare bytes after it.
export function encode(ops: usize, opsEnd: usize, stack: usize, out: usize): i32 {
  const start = out;
  let sp = stack;
  let p = ops;
  while (p < opsEnd) {
    const op = load<i32>(p, 0, 1);
    switch (op) {
      case OP_VARINT32: {
        out = writeTag(out, load<u32>(p, 4, 1));
        out = writeVarint32(out, load<u32>(p, 8, 1));
        p += 12;
        break;
      }
      case OP_INT32: {
        out = writeTag(out, load<u32>(p, 4, 1));
        const v = load<i32>(p, 8, 1);
        out = v < 0 ? writeVarint64(out, <u64>(<i64>v)) : writeVarint32(out, <u32>v);
        p += 12;
        break;
      }
      case OP_SINT32: {
        out = writeTag(out, load<u32>(p, 4, 1));
        out = writeVarint32(out, zigzag32(load<i32>(p, 8, 1)));
        p += 12;
        break;
      }
      case OP_VARINT64: {
        out = writeTag(out, load<u32>(p, 4, 1));
        out = writeVarint64(out, join64(load<u32>(p, 8, 1), load<u32>(p, 12, 1)));
        p += 16;
        break;
      }
      case OP_SINT64: {
        out = writeTag(out, load<u32>(p, 4, 1));
        out = writeVarint64(out, zigzag64(<i64>join64(load<u32>(p, 8, 1), load<u32>(p, 12, 1))));
        p += 16;
        break;
      }
      case OP_FIXED32: {
        out = writeTag(out, load<u32>(p, 4, 1));
        store<i32>(out, load<i32>(p, 8, 1), 0, 1);
        out += 4;
        p += 12;
        break;
      }
      case OP_FIXED64: {
        out = writeTag(out, load<u32>(p, 4, 1));
        store<i32>(out, load<i32>(p, 8, 1), 0, 1);
        store<i32>(out, load<i32>(p, 12, 1), 4, 1);
        out += 8;
        p += 16;
        break;
      }
      case OP_BYTES: {
        out = writeTag(out, load<u32>(p, 4, 1));
        const n = load<u32>(p, 12, 1);
        out = writeVarint32(out, n);
        const src = <usize>load<u32>(p, 8, 1);
        if (n <= 16) {
          // Short strings: two word moves beat a memmove call. The bytes past n are
          // overwritten by what follows (JS leaves 16 spare bytes after the output).
          store<u64>(out, load<u64>(src, 0, 1), 0, 1);
          store<u64>(out, load<u64>(src, 8, 1), 8, 1);
        } else {
          memory.copy(out, src, <usize>n);
        }
        out += <usize>n;
        p += 16;
        break;
      }
      case OP_BEGIN: {
        out = writeTag(out, load<u32>(p, 4, 1));
        store<u32>(sp, <u32>out, 0, 1);
        sp += 4;
        out += 1; // the length's first byte
        p += 8;
        break;
      }
      case OP_END: {
        sp -= 4;
        const at = <usize>load<u32>(sp, 0, 1);
        const len = out - at - 1;
        if (len < 0x80) {
          store<u8>(at, <u8>len);
        } else {
          const more = varintSize32(<u32>len) - 1;
          memory.copy(at + 1 + more, at + 1, len);
          writeVarint32(at, <u32>len);
          out += more;
        }
        p += 4;
        break;
      }
      case OP_TAG: {
        out = writeVarint32(out, load<u32>(p, 4, 1));
        p += 8;
        break;
      }
      case OP_FRAME32: {
        store<u32>(sp, <u32>out, 0, 1);
        sp += 4;
        out += 4;
        p += 8;
        break;
      }
      case OP_END32: {
        sp -= 4;
        const at = <usize>load<u32>(sp, 0, 1);
        store<u32>(at, bswap<u32>(<u32>(out - at - 4)), 0, 1);
        p += 4;
        break;
      }
      case OP_RAW: {
        const n = <usize>load<u32>(p, 8, 1);
        memory.copy(out, <usize>load<u32>(p, 4, 1), n);
        out += n;
        p += 12;
        break;
      }
      case OP_PACKED: {
        out = writePacked(out, load<i32>(p, 4, 1), <usize>load<u32>(p, 8, 1), <usize>load<u32>(p, 12, 1));
        p += 16;
        break;
      }
      default:
        unreachable();
    }
  }
  return <i32>(out - start);
}
