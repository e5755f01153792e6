// Reuse of message objects: clearMessage resets a message in place, and MessagePool keeps
// released messages for the next decode. In JS, allocation of short-lived objects is cheap
// (a young-generation bump), so reuse pays only where the bench shows it; see the README.

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { getPlan, newMessage } from "./plan.js";
import { mergeFromBinary } from "./binary.js";
import type { BinaryReadOptions } from "./options.js";

type Msg = Record<string, unknown>;

/**
 * Resets a message in place to the state `create(schema)` gives: fields back to their
 * defaults, lists and maps empty, oneofs unset, `$unknown` removed.
 */
export function clearMessage<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): MessageShape<Desc> {
  const m = message as unknown as Msg;
  if (m.$typeName !== schema.typeName) {
    throw new TypeError(`cannot clear ${String(m.$typeName)} as ${schema.typeName}`);
  }
  const fresh = newMessage(getPlan(schema));
  for (const key of Object.keys(m)) {
    if (!Object.prototype.hasOwnProperty.call(fresh, key)) delete m[key];
  }
  for (const key of Object.keys(fresh)) m[key] = fresh[key];
  return message;
}

/** Options of a MessagePool. */
export interface MessagePoolOptions {
  /** Most messages kept for reuse (default 256); releases beyond it are dropped. */
  maxSize?: number;
}

/**
 * Messages of one type kept for reuse: `acquire()` returns a cleared message (pooled or
 * new), `release()` gives one back, `decode()` parses into an acquired message.
 */
export class MessagePool<Desc extends DescMessage> {
  private readonly free: MessageShape<Desc>[] = [];
  private readonly maxSize: number;

  constructor(
    readonly schema: Desc,
    options?: MessagePoolOptions,
  ) {
    this.maxSize = Math.max(0, options?.maxSize ?? 256);
  }

  /** Messages waiting for reuse. */
  get size(): number {
    return this.free.length;
  }

  /** A message with every field at its default. */
  acquire(): MessageShape<Desc> {
    return this.free.pop() ?? (newMessage(getPlan(this.schema)) as MessageShape<Desc>);
  }

  /** Gives a message back; it is cleared now, and must not be used by the caller again. */
  release(message: MessageShape<Desc>): void {
    if (this.free.length >= this.maxSize) return;
    clearMessage(this.schema, message);
    this.free.push(message);
  }

  /** Parses bytes into an acquired message. */
  decode(bytes: Uint8Array, options?: Partial<BinaryReadOptions>): MessageShape<Desc> {
    const message = this.acquire();
    try {
      return mergeFromBinary(this.schema, message, bytes, options);
    } catch (e) {
      this.release(message);
      throw e;
    }
  }
}
