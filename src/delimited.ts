// Size-delimited messages (a varint length, then the message), as @bufbuild/protobuf's
// sizeDelimitedEncode / sizeDelimitedDecodeStream / sizeDelimitedPeek: the framing of
// protobuf's writeDelimitedTo and parseDelimitedFrom.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan } from "./plan.js";
import { encodeMessage } from "./encode.js";
import { DecodeError } from "./errors.js";
import { writeOptions, type BinaryReadOptions, type BinaryWriteOptions } from "./options.js";
import { FrameAssembler } from "./stream.js";
import { messageStream } from "./message-iterator.js";
import { check, wantsChecks } from "./checks.js";
import { now, observer } from "./observe.js";

/** Options for sizeDelimitedDecodeStream. */
export interface SizeDelimitedDecodeOptions extends BinaryReadOptions {
  /** Largest message accepted, in bytes (default 64 MiB). */
  readMaxBytes: number;
}

const defaultReadMaxBytes = 64 * 1024 * 1024;

/** Serializes a message with its size (a varint) in front. */
export function sizeDelimitedEncode<Desc extends DescMessage>(
  messageDesc: Desc,
  message: MessageShape<Desc>,
  options?: Partial<BinaryWriteOptions>,
): Uint8Array<ArrayBuffer> {
  if (wantsChecks(options)) check(messageDesc, message, options, "encode");
  const obs = observer;
  if (obs === undefined) return encodeMessage(getPlan(messageDesc), message as Record<string, unknown>, writeOptions(options), true);
  const t0 = now();
  try {
    const bytes = encodeMessage(getPlan(messageDesc), message as Record<string, unknown>, writeOptions(options), true);
    obs.record("serialize", messageDesc.typeName, true, (now() - t0) / 1000, bytes.length, 1);
    return bytes;
  } catch (e) {
    obs.record("serialize", messageDesc.typeName, false, (now() - t0) / 1000, 0, 1);
    throw e;
  }
}

/**
 * Reads the size at the start of size-delimited data, which may be incomplete. `eof` is true
 * when the data does not hold the whole varint yet.
 */
export function sizeDelimitedPeek(
  data: Uint8Array,
): { readonly eof: false; readonly size: number; readonly offset: number } | { readonly eof: true; readonly size: null; readonly offset: null } {
  let size = 0;
  // A multiplier, not 2 ** (7 * i): V8 11 computes ** through a slow call (~70 ns).
  for (let i = 0, mul = 1; i < 10; i++, mul *= 128) {
    if (i >= data.length) break;
    const b = data[i];
    if (i < 5) size += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) {
      // As a uint32 varint: bits above 32 are dropped.
      return { eof: false, size: size % 4294967296, offset: i + 1 };
    }
  }
  if (data.length >= 10) throw new DecodeError("bad_varint", 0, "size", "size varint longer than 10 bytes");
  return { eof: true, size: null, offset: null };
}

/**
 * Parses a stream of size-delimited messages, yielding each message as soon as its bytes
 * have arrived. Throws DecodeError for a message over `readMaxBytes` and for data that
 * ends inside a message. Chunks are copied (bytes fields of the messages are views into the
 * copies, and the caller may reuse its buffers); the complete messages of each chunk are
 * decoded together.
 */
export function sizeDelimitedDecodeStream<Desc extends DescMessage>(
  messageDesc: Desc,
  iterable: AsyncIterable<Uint8Array>,
  options?: Partial<SizeDelimitedDecodeOptions>,
): AsyncIterableIterator<MessageShape<Desc>> {
  return messageStream(messageDesc, options, () => ({
    chunks: iterable,
    frames: new FrameAssembler(messageDesc.name, false, options?.readMaxBytes ?? defaultReadMaxBytes, "readMaxBytes", true),
    be32: false,
  }));
}
