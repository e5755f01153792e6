// Batches: many messages of one type in one buffer, each behind a length prefix: read with
// one WebAssembly call per batch instead of one per message, written into one output.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan } from "./plan.js";
import { encodeFramed } from "./encode.js";
import { decodeFramed } from "./decode-framed.js";
import { check, wantsChecks } from "./checks.js";
import { now, observer } from "./observe.js";
import { readOptions, writeOptions, type BinaryReadOptions, type BinaryWriteOptions } from "./options.js";

/**
 * How messages are delimited in a batch or stream: `"varint"` is protobuf's size-delimited
 * format (`writeDelimitedTo`, `sizeDelimitedEncode`); `"uint32be"` puts the size in 4 bytes,
 * big-endian, in front of each message.
 */
export type Framing = "varint" | "uint32be";

/** Options for encodeBatch. */
export interface BatchWriteOptions extends BinaryWriteOptions {
  /** The length prefix (default `"varint"`). */
  framing: Framing;
}

/** Options for decodeBatch. */
export interface BatchReadOptions extends BinaryReadOptions {
  /** The length prefix (default `"varint"`). */
  framing: Framing;
}

function isBe32(framing: Framing | undefined): boolean {
  if (framing === undefined || framing === "varint") return false;
  if (framing === "uint32be") return true;
  throw new TypeError(`unknown framing ${String(framing)}: use "varint" or "uint32be"`);
}

/**
 * Serializes messages into one buffer, each behind its length prefix. With the default
 * framing the result is the concatenation of `sizeDelimitedEncode` of each message.
 *
 * @throws EncodeError naming the message index and field of a message that cannot be encoded.
 */
export function encodeBatch<Desc extends DescMessage>(
  schema: Desc,
  messages: readonly MessageShape<Desc>[],
  options?: Partial<BatchWriteOptions>,
): Uint8Array<ArrayBuffer> {
  const be32 = isBe32(options?.framing);
  if (wantsChecks(options)) for (const m of messages) check(schema, m, options, "encode");
  const obs = observer;
  if (obs === undefined) return encodeFramed(getPlan(schema), messages as readonly Record<string, unknown>[], writeOptions(options), be32);
  const t0 = now();
  try {
    const bytes = encodeFramed(getPlan(schema), messages as readonly Record<string, unknown>[], writeOptions(options), be32);
    obs.record("serialize", schema.typeName, true, (now() - t0) / 1000, bytes.length, messages.length);
    return bytes;
  } catch (e) {
    obs.record("serialize", schema.typeName, false, (now() - t0) / 1000, 0, 1);
    throw e;
  }
}

/**
 * Parses every length-prefixed message in bytes (as written by encodeBatch, or a whole
 * size-delimited stream held in memory).
 *
 * @throws DecodeError for invalid data; its message names the failing message's index, and
 * its offset is counted from the start of bytes.
 */
export function decodeBatch<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
  options?: Partial<BatchReadOptions>,
): MessageShape<Desc>[] {
  const be32 = isBe32(options?.framing);
  const obs = observer;
  const t0 = obs === undefined ? 0 : now();
  try {
    const messages = decodeFramed(getPlan(schema), bytes, readOptions(options), be32) as MessageShape<Desc>[];
    if (wantsChecks(options)) for (const m of messages) check(schema, m, options, "decode");
    obs?.record("deserialize", schema.typeName, true, (now() - t0) / 1000, bytes.length, messages.length);
    return messages;
  } catch (e) {
    obs?.record("deserialize", schema.typeName, false, (now() - t0) / 1000, bytes.length, 1);
    throw e;
  }
}
