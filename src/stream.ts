// Streams of length-prefixed messages: chunks as they arrive (Node streams, web
// ReadableStreams, any async iterable of bytes) become messages, decoded a chunk's worth at a
// time with one WebAssembly call. Memory stays bounded by the largest message, not by the
// stream: only the incomplete tail is kept between chunks, and a size prefix over the limit
// fails before its bytes are buffered.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { newMessage, type MessagePlan } from "./plan.js";
import { decodeFramed } from "./decode-framed.js";
import { decodeInto } from "./decode.js";
import { DecodeError } from "./errors.js";
import type { BinaryReadOptions } from "./options.js";
import { now, observer } from "./observe.js";
import type { Framing } from "./batch.js";
import { messageStream } from "./message-iterator.js";
import { PREFIX_CUT, PREFIX_TOO_LONG, prefixEnd, prefixUint32, readBe32, readVarintPrefix } from "./size-prefix.js";

/** Options for decodeStream. */
export interface StreamReadOptions extends BinaryReadOptions {
  /** The length prefix (default `"varint"`). */
  framing: Framing;
  /**
   * Largest message accepted, in bytes (default 64 MiB). A larger size prefix fails with
   * DecodeError `message_too_large` before any of the message is buffered.
   */
  maxMessageBytes: number;
}

/** Where stream bytes come from: a Node Readable, a web ReadableStream, or any async iterable. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Decodes a stream of length-prefixed messages, yielding each message once its bytes have
 * arrived. Chunks are copied (the caller may reuse its buffers); between chunks only the
 * incomplete tail is kept.
 *
 * @throws DecodeError for invalid data, a message over `maxMessageBytes`, or a stream that
 * ends inside a message; offsets count from the start of the stream.
 */
export function decodeStream<Desc extends DescMessage>(
  schema: Desc,
  source: ByteSource,
  options?: Partial<StreamReadOptions>,
): AsyncIterableIterator<MessageShape<Desc>> {
  return messageStream(schema, options, () => {
    const be32 = options?.framing === "uint32be";
    if (options?.framing !== undefined && options.framing !== "varint" && !be32) {
      throw new TypeError(`unknown framing ${String(options.framing)}: use "varint" or "uint32be"`);
    }
    const frames = new FrameAssembler(schema.name, be32, options?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, "maxMessageBytes", false);
    return { chunks: chunksOf(source), frames, be32 };
  });
}

/** The chunks of a source: async iteration, or a reader for ReadableStreams that lack it. */
export function chunksOf(source: ByteSource): AsyncIterable<Uint8Array> {
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") return source as AsyncIterable<Uint8Array>;
  const stream = source as ReadableStream<Uint8Array>;
  return {
    async *[Symbol.asyncIterator]() {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** A run of complete frames handed out by FrameAssembler.push, with what is known of them. */
export interface Region {
  bytes: Uint8Array;
  /** Stream offset of bytes[0]. */
  offset: number;
  /** Start and end of each message body in bytes. */
  bounds: number[];
  /** True when the scanner reads every size prefix as FrameAssembler did. */
  canonical: boolean;
}

/**
 * Messages of frames `from` to `to` (exclusive) of a region: one batch call; if that fails
 * (or a size prefix needs reading the way sizeDelimitedPeek reads it), frame by frame, so
 * that the messages before a bad one are still handed out, as a message-at-a-time reader
 * does: `error` is then what to throw after them.
 */
export function decodeRegion(
  plan: MessagePlan, region: Region, from: number, to: number, opts: BinaryReadOptions, be32: boolean,
): { messages: Record<string, unknown>[]; error: unknown } {
  const bounds = region.bounds;
  const obs = observer;
  if (region.canonical) {
    // From the first frame's size prefix (the previous body's end) to the last body's end.
    const bytes = region.bytes.subarray(from === 0 ? 0 : bounds[2 * from - 1], bounds[2 * to - 1]);
    const t0 = obs === undefined ? 0 : now();
    try {
      const messages = decodeFramed(plan, bytes, opts, be32);
      obs?.record("deserialize", plan.typeName, true, (now() - t0) / 1000, bytes.length, messages.length);
      return { messages, error: undefined };
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  }
  const messages: Record<string, unknown>[] = [];
  for (let i = 2 * from; i < 2 * to; i += 2) {
    const message = newMessage(plan);
    const t0 = obs === undefined ? 0 : now();
    const body = region.bytes.subarray(bounds[i], bounds[i + 1]);
    try {
      decodeInto(plan, message, body, opts);
    } catch (e) {
      obs?.record("deserialize", plan.typeName, false, (now() - t0) / 1000, body.length, 1);
      return { messages, error: e instanceof DecodeError ? shifted(e, region.offset + bounds[i]) : e };
    }
    obs?.record("deserialize", plan.typeName, true, (now() - t0) / 1000, body.length, 1);
    messages.push(message);
  }
  return { messages, error: undefined };
}

/** The same error with its offset moved on by `by` bytes. */
export function shifted(e: DecodeError, by: number): DecodeError {
  const detail = e.message.slice(e.message.indexOf(": ") + 2);
  return new DecodeError(e.code, e.offset + by, e.path, detail);
}

/**
 * Collects chunks and hands out runs of complete frames. Each chunk is copied once when it
 * arrives; chunks are joined only when a frame is complete, so a large message arriving in
 * many small chunks costs linear time.
 */
export class FrameAssembler {
  private parts: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Total size (prefix and body) of the first pending frame, when its prefix is complete. */
  private frameBytes = -1;
  /** Stream offset of the first pending byte. */
  private consumed = 0;
  private frames: number[] = [];
  private canonical = true;

  /**
   * With `peekSizes`, varint sizes are read as sizeDelimitedPeek reads them (as uint32: bits
   * above 32 dropped), for sizeDelimitedDecodeStream; otherwise as full varints.
   */
  constructor(
    private readonly typeName: string,
    private readonly be32: boolean,
    private readonly maxMessageBytes: number,
    private readonly limitName: string,
    private readonly peekSizes: boolean,
  ) {}

  // An invalid prefix found after complete frames: thrown once those have been handed out.
  private deferred: DecodeError | undefined;

  /** Adds a chunk; returns the complete frames at the front of the data, if any. */
  push(chunk: Uint8Array): Region | undefined {
    if (this.deferred !== undefined) throw this.deferred;
    if (chunk.length === 0) return undefined;
    this.parts.push(chunk.slice());
    this.pendingBytes += chunk.length;
    if (this.frameBytes < 0) this.frameBytes = this.peekFrame();
    if (this.frameBytes < 0 || this.pendingBytes < this.frameBytes) return undefined;
    const data = this.parts.length === 1 ? this.parts[0] : join(this.parts, this.pendingBytes);
    // Every complete frame in data, checking each size against the limit on the way.
    this.frames = [];
    this.canonical = true;
    let end = 0;
    let next = this.frameAt(data, 0, true);
    while (next >= 0 && end + next <= data.length) {
      end += next;
      try {
        next = this.frameAt(data, end, true);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        this.deferred = e;
        next = -1;
      }
    }
    const region: Region = { bytes: data.subarray(0, end), offset: this.consumed, bounds: this.frames, canonical: this.canonical };
    const tail = data.subarray(end);
    this.parts = tail.length > 0 ? [tail] : [];
    this.pendingBytes = tail.length;
    this.frameBytes = next;
    this.consumed += end;
    return region;
  }

  /** Throws if the stream ended inside a frame. */
  finish(): void {
    if (this.deferred !== undefined) throw this.deferred;
    if (this.pendingBytes > 0) {
      throw new DecodeError("truncated", this.consumed, this.typeName, "stream ends inside a size-delimited message");
    }
  }

  // Size of the frame at the start of the pending parts, or -1 while its prefix is incomplete.
  private peekFrame(): number {
    const need = this.be32 ? 4 : 10;
    const head = new Uint8Array(Math.min(need, this.pendingBytes));
    let n = 0;
    for (const part of this.parts) {
      const take = Math.min(part.length, head.length - n);
      head.set(part.subarray(0, take), n);
      n += take;
      if (n === head.length) break;
    }
    return this.frameAt(head, 0, false);
  }

  // Size (prefix and body) of the frame at offset p of data, or -1 while its prefix is
  // incomplete. Throws for a prefix that is invalid or over the limit. With `record`, notes
  // the body's bounds of a complete frame.
  private frameAt(data: Uint8Array, p: number, record: boolean): number {
    const start = p;
    let size = 0;
    if (this.be32) {
      if (p + 4 > data.length) return -1;
      size = readBe32(data, p);
      p += 4;
    } else if (p < data.length && data[p] < 0x80) {
      size = data[p++]; // one-byte prefix: messages under 128 bytes
    } else {
      const full = readVarintPrefix(data, p);
      if (full === PREFIX_TOO_LONG) {
        throw new DecodeError("bad_varint", this.consumed + start, this.typeName, "size prefix longer than 10 bytes");
      }
      if (full === PREFIX_CUT) return -1;
      p = prefixEnd;
      if (this.peekSizes) {
        size = prefixUint32;
        if (size !== full) this.canonical = false;
      } else {
        size = full;
      }
    }
    if (size > this.maxMessageBytes) {
      throw new DecodeError(
        "message_too_large", this.consumed + start, this.typeName,
        `message size ${size} is larger than ${this.limitName} ${this.maxMessageBytes}`,
      );
    }
    if (record && p + size <= data.length) this.frames.push(p, p + size);
    return p - start + size;
  }
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
