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
import { PREFIX_CUT, PREFIX_TOO_LONG, prefixEnd, prefixUint32, readVarintPrefix } from "./size-prefix.js";

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
  const size = readVarintPrefix(data, 0);
  if (size === PREFIX_TOO_LONG) throw new DecodeError("bad_varint", 0, "size", "size varint longer than 10 bytes");
  if (size === PREFIX_CUT) return { eof: true, size: null, offset: null };
  // As a uint32 varint: bits above 32 are dropped.
  return { eof: false, size: prefixUint32, offset: prefixEnd };
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
