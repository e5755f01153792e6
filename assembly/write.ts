// The encoder's wire pass. JS walks a message and writes a stream of ops (see layout.ts):
// tags and values as plain words, strings and bytes already in linear memory, nested
// length-delimited parts bracketed by OP_BEGIN/OP_END. encode() sizes every bracket in one
// forward pass, then writes the bytes in a second one: no fork/join copies, no guesses.

import {
  OP_END, OP_VARINT32, OP_INT32, OP_SINT32, OP_VARINT64, OP_SINT64, OP_FIXED32, OP_FIXED64,
  OP_BYTES, OP_BEGIN, OP_TAG, OP_RAW, OP_PACKED, OP_FRAME32, OP_END32, PK_UINT64,
} from "./layout";
import { varintSize32, varintSize64 } from "./varint";

@inline
function tagSize(tag: u32): usize {
  return tag == 0 ? 0 : varintSize32(tag);
}

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

// First pass: the encoded size of the op stream; fills the size slot of every OP_BEGIN.
// stack is scratch memory for open brackets (4 bytes per nesting level).
export function encodeSize(ops: usize, opsEnd: usize, stack: usize): i32 {
  let acc: usize = 0;
  let sp = stack;
  let p = ops;
  while (p < opsEnd) {
    const op = load<i32>(p, 0, 1);
    switch (op) {
      case OP_VARINT32: {
        acc += tagSize(load<u32>(p, 4, 1)) + varintSize32(load<u32>(p, 8, 1));
        p += 12;
        break;
      }
      case OP_INT32: {
        const v = load<i32>(p, 8, 1);
        acc += tagSize(load<u32>(p, 4, 1)) + (v < 0 ? 10 : varintSize32(<u32>v));
        p += 12;
        break;
      }
      case OP_SINT32: {
        acc += tagSize(load<u32>(p, 4, 1)) + varintSize32(zigzag32(load<i32>(p, 8, 1)));
        p += 12;
        break;
      }
      case OP_VARINT64: {
        acc += tagSize(load<u32>(p, 4, 1)) + varintSize64(join64(load<u32>(p, 8, 1), load<u32>(p, 12, 1)));
        p += 16;
        break;
      }
      case OP_SINT64: {
        acc += tagSize(load<u32>(p, 4, 1)) + varintSize64(zigzag64(<i64>join64(load<u32>(p, 8, 1), load<u32>(p, 12, 1))));
        p += 16;
        break;
      }
      case OP_FIXED32: {
        acc += tagSize(load<u32>(p, 4, 1)) + 4;
        p += 12;
        break;
      }
      case OP_FIXED64: {
        acc += tagSize(load<u32>(p, 4, 1)) + 8;
        p += 16;
        break;
      }
      case OP_BYTES: {
        const n = load<u32>(p, 12, 1);
        acc += tagSize(load<u32>(p, 4, 1)) + varintSize32(n) + <usize>n;
        p += 16;
        break;
      }
      case OP_BEGIN: {
        acc += tagSize(load<u32>(p, 4, 1));
        store<u32>(p, <u32>acc, 8, 1); // start offset for now; the length after OP_END
        store<u32>(sp, <u32>p, 0, 1);
        sp += 4;
        p += 12;
        break;
      }
      case OP_END: {
        sp -= 4;
        const begin = <usize>load<u32>(sp, 0, 1);
        const len = acc - <usize>load<u32>(begin, 8, 1);
        store<u32>(begin, <u32>len, 8, 1);
        acc += varintSize32(<u32>len);
        p += 4;
        break;
      }
      case OP_TAG: {
        acc += varintSize32(load<u32>(p, 4, 1));
        p += 8;
        break;
      }
      case OP_FRAME32: {
        store<u32>(p, <u32>acc, 8, 1);
        store<u32>(sp, <u32>p, 0, 1);
        sp += 4;
        p += 12;
        break;
      }
      case OP_END32: {
        sp -= 4;
        const begin = <usize>load<u32>(sp, 0, 1);
        store<u32>(begin, <u32>(acc - <usize>load<u32>(begin, 8, 1)), 8, 1);
        acc += 4;
        p += 4;
        break;
      }
      case OP_RAW: {
        acc += <usize>load<u32>(p, 8, 1);
        p += 12;
        break;
      }
      case OP_PACKED: {
        acc += packedSize(load<i32>(p, 4, 1), <usize>load<u32>(p, 8, 1), <usize>load<u32>(p, 12, 1));
        p += 16;
        break;
      }
      default:
        unreachable();
    }
  }
  return <i32>acc;
}

// Encoded size of a packed run of count 64-bit values of kind k (PK_UINT64 or PK_SINT64) at
// ptr. (32-bit kinds come from JS as finished varints, in OP_BYTES.)
function packedSize(k: i32, ptr: usize, count: usize): usize {
  let size: usize = 0;
  if (k == PK_UINT64) {
    for (let i: usize = 0; i < count; i++) size += varintSize64(load<u64>(ptr + (i << 3), 0, 1));
  } else {
    for (let i: usize = 0; i < count; i++) size += varintSize64(zigzag64(load<i64>(ptr + (i << 3), 0, 1)));
  }
  return size;
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

// Second pass: writes the bytes of an op stream sized by encodeSize() to out. Returns the
// number of bytes written.
export function encodeWrite(ops: usize, opsEnd: usize, out: usize): i32 {
  const start = out;
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
        out = writeVarint32(out, load<u32>(p, 8, 1));
        p += 12;
        break;
      }
      case OP_END: {
        p += 4;
        break;
      }
      case OP_TAG: {
        out = writeVarint32(out, load<u32>(p, 4, 1));
        p += 8;
        break;
      }
      case OP_FRAME32: {
        store<u32>(out, bswap<u32>(load<u32>(p, 8, 1)), 0, 1);
        out += 4;
        p += 12;
        break;
      }
      case OP_END32: {
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

// Both passes in one call when the output fits in outCap bytes. Returns the size; when it
// is larger than outCap nothing was written and JS calls encodeWrite() with more room.
export function encode(ops: usize, opsEnd: usize, stack: usize, out: usize, outCap: i32): i32 {
  const size = encodeSize(ops, opsEnd, stack);
  if (size <= outCap) encodeWrite(ops, opsEnd, out);
  return size;
}
