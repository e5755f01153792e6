// Size-delimited messages (a varint length, then the message), as @bufbuild/protobuf's
// sizeDelimitedEncode / sizeDelimitedDecodeStream / sizeDelimitedPeek: the framing of
// protobuf's writeDelimitedTo and parseDelimitedFrom.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan } from "./plan.js";
import { encodeMessage } from "./encode.js";
import { DecodeError } from "./errors.js";
import { writeOptions, type BinaryReadOptions, type BinaryWriteOptions } from "./options.js";
import { fromBinary } from "./binary.js";

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
  return encodeMessage(getPlan(messageDesc), message as Record<string, unknown>, writeOptions(options), true);
}

/**
 * Reads the size at the start of size-delimited data, which may be incomplete. `eof` is true
 * when the data does not hold the whole varint yet.
 */
export function sizeDelimitedPeek(
  data: Uint8Array,
): { readonly eof: false; readonly size: number; readonly offset: number } | { readonly eof: true; readonly size: null; readonly offset: null } {
  let size = 0;
  for (let i = 0; i < 10; i++) {
    if (i >= data.length) break;
    const b = data[i];
    if (i < 5) size += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      // As a uint32 varint: bits above 32 are dropped.
      return { eof: false, size: size % 2 ** 32, offset: i + 1 };
    }
  }
  if (data.length >= 10) throw new DecodeError("bad_varint", 0, "size", "size varint longer than 10 bytes");
  return { eof: true, size: null, offset: null };
}

/**
 * Parses a stream of size-delimited messages, yielding each message as soon as its bytes
 * have arrived. Throws DecodeError for a message over `readMaxBytes` and for data that
 * ends inside a message.
 */
export async function* sizeDelimitedDecodeStream<Desc extends DescMessage>(
  messageDesc: Desc,
  iterable: AsyncIterable<Uint8Array>,
  options?: Partial<SizeDelimitedDecodeOptions>,
): AsyncIterableIterator<MessageShape<Desc>> {
  const readMaxBytes = options?.readMaxBytes ?? defaultReadMaxBytes;
  let pending = new Uint8Array(0);
  let consumed = 0; // bytes of the stream before `pending`
  for await (const chunk of iterable) {
    // Always a copy: bytes fields of the messages are views into it, and the caller may
    // reuse its chunk buffers (@bufbuild/protobuf copies chunks too).
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    let offset = 0;
    for (;;) {
      const size = sizeDelimitedPeek(bytes.subarray(offset));
      if (size.eof) break;
      if (size.size > readMaxBytes) {
        throw new DecodeError(
          "message_too_large", consumed + offset, messageDesc.name,
          `message size ${size.size} is larger than readMaxBytes ${readMaxBytes}`,
        );
      }
      const start = offset + size.offset;
      const end = start + size.size;
      if (end > bytes.length) break;
      yield fromBinary(messageDesc, bytes.subarray(start, end), options);
      offset = end;
    }
    consumed += offset;
    // Keep only the incomplete tail.
    pending = bytes.subarray(offset);
  }
  if (pending.length > 0) {
    throw new DecodeError("truncated", consumed, messageDesc.name, "stream ends inside a size-delimited message");
  }
}
