// Batch decode: a run of length-prefixed messages (varint prefixes, protobuf's size-delimited
// format, or 4-byte big-endian ones) scanned by WebAssembly in one call. The scanner pauses
// between messages once half its tape is used; JS then builds those messages and lets it go
// on from the start of the tape, so memory stays bounded by the tape, not by the batch.

import {
  ERR_BATCH_PAUSE, ERR_NEED_INPUT, ERR_STACK_FULL, ERR_TAPE_FULL, FLAG_FRAMED_BE32,
  FLAG_FRAMED_VARINT, FLAG_KEEP_UNKNOWN,
} from "./wasm/layout.js";
import {
  align, core, ensureMemory, scanErrorPos, scanNeedOffset, scanTapeUsed, scratchBase, u8,
} from "./wasm/instance.js";
import { newMessage, type MessagePlan } from "./plan.js";
import { applyLimits, decodeInto, nextWindowLength, readTapeMessages, resetInternIfFull } from "./decode.js";
import { DecodeError } from "./errors.js";
import type { BinaryReadOptions } from "./options.js";
import { PREFIX_CUT, PREFIX_TOO_LONG, prefixEnd, readBe32, readVarintPrefix } from "./size-prefix.js";

type Msg = Record<string, any>;

const FIRST_WINDOW = 2 * 1024;
// Tape for one stretch of the batch; a single message that needs more doubles it.
const TAPE_BYTES = 256 * 1024;

/** Decodes every length-prefixed message of plan's type in bytes. */
export function decodeFramed(plan: MessagePlan, bytes: Uint8Array, opts: BinaryReadOptions, be32: boolean): Msg[] {
  const out: Msg[] = [];
  const n = bytes.length;
  if (n === 0) return out;
  if (opts.maxMessageBytes < n) checkFrameSizes(plan, bytes, opts.maxMessageBytes, be32);
  const limit = opts.recursionLimit;
  const flags = (opts.readUnknownFields ? FLAG_KEEP_UNKNOWN : 0) | (be32 ? FLAG_FRAMED_BE32 : FLAG_FRAMED_VARINT);
  let frames = 2 * Math.min(Math.max(limit, 0), (n >> 1) + 1) + 6;
  let tapeBytes = align(Math.min(TAPE_BYTES, n * 4 + 256), 16);
  const tapeAt = scratchBase();
  // Tape addresses are offsets from where the current scan started; a stretch is the part
  // of the input after the last pause (where a scan restarts when its tape or stack is small).
  let base = 0;
  let stretch = 0;
  resetInternIfFull();
  for (;;) {
    const len = n - base;
    const stackAt = tapeAt + tapeBytes;
    const groupAt = stackAt + frames * 64;
    const countsAt = align(groupAt + frames * 4, 16);
    const winAt = align(countsAt + applyLimits(opts, countsAt, (frames >> 1) + 2), 16);
    let winLen = Math.min(len, FIRST_WINDOW);
    ensureMemory(winAt + winLen + 16);
    u8.set(bytes.subarray(base, base + winLen), winAt);
    let code = core.scanStart(
      plan.record, winAt, winLen, len, tapeAt, tapeBytes, stackAt, frames * 64, groupAt, flags, limit,
    );
    let lastOffset = -1;
    for (;;) {
      if (code === ERR_NEED_INPUT) {
        const offset = scanNeedOffset();
        winLen = nextWindowLength(winLen, offset, lastOffset);
        lastOffset = offset;
        const l = Math.min(winLen, len - offset);
        ensureMemory(winAt + l + 16);
        u8.set(bytes.subarray(base + offset, base + offset + l), winAt);
        code = core.scanResume(winAt, offset, l);
        continue;
      }
      if (code >= 0 || code === ERR_BATCH_PAUSE) {
        const words = code >= 0 ? code : scanTapeUsed();
        readTapeMessages(plan, base === 0 ? bytes : bytes.subarray(base), tapeAt >> 2, (tapeAt >> 2) + words, opts.readUnknownFields, out, opts.maxRepeated);
        if (code >= 0) return out;
        stretch = base + scanNeedOffset();
        resetInternIfFull();
        code = core.scanContinue();
        continue;
      }
      break;
    }
    if (code === ERR_TAPE_FULL) tapeBytes *= 2;
    else if (code === ERR_STACK_FULL) frames *= 2;
    else throw frameError(plan, bytes, stretch, out.length, opts, be32, base + scanErrorPos());
    base = stretch;
  }
}

// The scanner found an error in the stretch starting at `from` (message number `index`):
// find the frame it is in and decode that message alone for the field path and offset.
function frameError(
  plan: MessagePlan, bytes: Uint8Array, from: number, index: number, opts: BinaryReadOptions, be32: boolean, at: number,
): DecodeError {
  const name = plan.desc.name;
  let p = from;
  for (let k = index; p < bytes.length; k++) {
    const start = p;
    let size: number;
    if (be32) {
      if (p + 4 > bytes.length) return new DecodeError("truncated", start, name, `message ${k}: length prefix cut short`);
      size = readBe32(bytes, p);
      p += 4;
    } else {
      size = readVarintPrefix(bytes, p);
      if (size === PREFIX_TOO_LONG) return new DecodeError("bad_varint", start, name, `message ${k}: length prefix longer than 10 bytes`);
      if (size === PREFIX_CUT) return new DecodeError("truncated", start, name, `message ${k}: length prefix cut short`);
      p = prefixEnd;
    }
    if (size > bytes.length - p) {
      return new DecodeError("truncated", start, name, `message ${k}: length ${size} runs past the end of the input`);
    }
    const end = p + size;
    if (at < end || end === bytes.length) {
      try {
        decodeInto(plan, newMessage(plan), bytes.subarray(p, end), opts);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        const detail = e.message.slice(e.message.indexOf(": ") + 2);
        return new DecodeError(e.code, p + e.offset, e.path, `message ${k}: ${detail}`);
      }
    }
    p = end;
  }
  return new DecodeError("truncated", at, name, "invalid batch");
}

// With maxMessageBytes below the batch's size: every frame's length checked first, so that
// nothing is decoded from a batch that holds an oversized message.
function checkFrameSizes(plan: MessagePlan, bytes: Uint8Array, max: number, be32: boolean): void {
  let p = 0;
  for (let k = 0; p < bytes.length; k++) {
    const start = p;
    let size: number;
    if (be32) {
      if (p + 4 > bytes.length) return; // the scan reports the cut
      size = readBe32(bytes, p);
      p += 4;
    } else {
      size = readVarintPrefix(bytes, p);
      if (size < 0) return; // cut short or too long: the scan reports it
      p = prefixEnd;
    }
    if (size > max) {
      throw new DecodeError("message_too_large", start, plan.desc.name, `message ${k}: size ${size} is larger than maxMessageBytes ${max}`);
    }
    p += size;
  }
}
