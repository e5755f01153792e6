// Size-delimited streams: chunking a stream as a reader would receive it, and fallbacks for
// codecs that have toBinary/fromBinary but no sizeDelimitedEncode/sizeDelimitedDecodeStream.
// The fallback decoder frames chunks the same way @bufbuild/protobuf's sizeDelimitedDecodeStream does.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { sizeDelimitedPeek } from "@bufbuild/protobuf/wire";

export const STREAM_CHUNK_BYTES = 64 * 1024;

/** Splits a stream into chunks of at most `size` bytes (views, no copies). */
export function chunk(bytes: Uint8Array, size = STREAM_CHUNK_BYTES): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

export async function* asyncChunks(chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield c;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Frames one message: varint length, then the message bytes. */
export function frame(body: Uint8Array): Uint8Array {
  let prefix = 1;
  for (let n = body.length; n >= 0x80; n >>>= 7) prefix++;
  const out = new Uint8Array(prefix + body.length);
  let n = body.length;
  let i = 0;
  while (n >= 0x80) {
    out[i++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[i++] = n;
  out.set(body, i);
  return out;
}

export async function* decodeStreamWith<Desc extends DescMessage>(
  fromBinary: (schema: Desc, bytes: Uint8Array) => MessageShape<Desc>,
  schema: Desc,
  iterable: AsyncIterable<Uint8Array>,
): AsyncGenerator<MessageShape<Desc>> {
  let pending: Uint8Array = new Uint8Array(0);
  for await (const c of iterable) {
    const bytes = pending.length > 0 ? concat([pending, c]) : c;
    let offset = 0;
    for (;;) {
      const size = sizeDelimitedPeek(bytes.subarray(offset));
      if (size.eof) break;
      const start = offset + size.offset;
      const end = start + size.size;
      if (end > bytes.length) break;
      yield fromBinary(schema, bytes.subarray(start, end));
      offset = end;
    }
    pending = bytes.subarray(offset);
  }
  if (pending.length > 0) throw new Error("incomplete size-delimited data");
}
