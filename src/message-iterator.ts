// The async iterator behind decodeStream and sizeDelimitedDecodeStream. An async generator
// costs a chain of promises per value it yields (about twice what `for await` itself costs);
// here the complete frames of each chunk are decoded in one batch into an array, and next()
// hands them out one resolved promise at a time. It behaves as the generator did: messages
// before a bad frame are handed out, then the error; the source is closed when iteration
// ends early (break, return(), throw()) or fails; calls to next() are served in order.

import type { DescMessage } from "@bufbuild/protobuf";
import { getPlan, type MessagePlan } from "./plan.js";
import { readOptions, type BinaryReadOptions } from "./options.js";
import { check, wantsChecks, type CheckOptions } from "./checks.js";
import { decodeRegion, type FrameAssembler, type Region } from "./stream.js";

type Msg = Record<string, unknown>;

// Frames decoded per batch. A chunk can hold thousands of frames; decoding them all at once
// would keep all their messages alive until handed out, and objects that outlive a young-
// generation GC get copied. A few hundred keeps the batch call's cost spread thin.
const BATCH_FRAMES = 256;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

export class MessageIterator<T> implements AsyncIterableIterator<T> {
  private queue: Msg[] = [];
  private at = 0;
  /** The region being handed out, and its next frame to decode. */
  private region: Region | undefined;
  private frame = 0;
  /** Thrown once the queue is drained (a bad frame after good ones). */
  private failure: unknown = undefined;
  private failed = false;
  private finished = false;
  private source: AsyncIterator<Uint8Array> | undefined;
  /** Slow next() calls not yet settled: while there are any, later calls queue behind them. */
  private inFlight = 0;
  /** Settles after the last queued call. */
  private tail: Promise<void> | undefined;

  constructor(
    private readonly chunks: AsyncIterable<Uint8Array>,
    private readonly frames: FrameAssembler,
    private readonly plan: MessagePlan,
    private readonly opts: BinaryReadOptions,
    private readonly be32: boolean,
    /** Runs on each message as it is handed out (validation); may throw. */
    private readonly each: ((message: Msg) => void) | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.inFlight === 0) {
      try {
        if (this.at >= this.queue.length && this.region !== undefined && !this.failed) this.decodeMore();
        if (this.at < this.queue.length) return Promise.resolve({ done: false, value: this.take() });
      } catch (e) {
        return this.fail(e);
      }
    }
    return this.queued();
  }

  // Apart from next(): its closures would make every call allocate a context, fast path too.
  private queued(): Promise<IteratorResult<T>> {
    this.inFlight++;
    const previous = this.tail;
    const result = previous === undefined ? this.slowNext() : previous.then(() => this.slowNext());
    this.tail = result.then(noop, noop);
    return result;
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    await this.close();
    return { done: true, value: value as undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.close();
    throw error;
  }

  private take(): T {
    const m = this.queue[this.at++];
    if (this.at === this.queue.length) {
      this.queue = [];
      this.at = 0;
    }
    this.each?.(m);
    return m as T;
  }

  private async slowNext(): Promise<IteratorResult<T>> {
    try {
      while (this.at >= this.queue.length) {
        if (this.region !== undefined && !this.failed) {
          this.decodeMore();
          continue;
        }
        if (this.failed) {
          const e = this.failure;
          this.failed = false;
          this.failure = undefined;
          throw e;
        }
        if (this.finished) return DONE;
        await this.pull();
      }
      return { done: false, value: this.take() };
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      // Before the caller sees the result: its next call can take the fast path.
      if (--this.inFlight === 0) this.tail = undefined;
    }
  }

  // The next chunk from the source: its complete frames decoded into the queue.
  private async pull(): Promise<void> {
    this.source ??= this.chunks[Symbol.asyncIterator]();
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.source.next();
    } catch (e) {
      this.source = undefined; // a source that failed is not closed (as for await does)
      throw e;
    }
    if (r.done === true) {
      this.finished = true;
      this.source = undefined; // ended by itself: nothing to close
      this.frames.finish();
      return;
    }
    this.region = this.frames.push(r.value);
    this.frame = 0;
    if (this.region !== undefined) this.decodeMore();
  }

  // The next batch of the region's frames into the (drained) queue.
  private decodeMore(): void {
    const region = this.region!;
    const count = region.bounds.length >> 1;
    const to = Math.min(count, this.frame + BATCH_FRAMES);
    const { messages, error } = decodeRegion(this.plan, region, this.frame, to, this.opts, this.be32);
    this.frame = to;
    if (to === count) this.region = undefined;
    this.queue = messages;
    this.at = 0;
    if (error !== undefined) {
      this.region = undefined;
      this.failure = error;
      this.failed = true;
    }
  }

  private fail(e: unknown): Promise<never> {
    return this.close().then(() => {
      throw e;
    });
  }

  // Ends iteration for good and lets the source release what it holds.
  private async close(): Promise<void> {
    this.finished = true;
    this.failed = false;
    this.failure = undefined;
    this.queue = [];
    this.at = 0;
    this.region = undefined;
    const source = this.source;
    this.source = undefined;
    if (source?.return !== undefined) await source.return();
  }
}

function noop(): void {}

/**
 * The messages of a stream: setup() gives the chunks, how they are framed and whether with
 * 4-byte prefixes. Whatever setup or the options throw is reported by the first next(), as
 * an async generator function does, not by this call.
 */
export function messageStream<T>(
  schema: DescMessage,
  options: (Partial<BinaryReadOptions> & CheckOptions) | undefined,
  setup: () => { chunks: AsyncIterable<Uint8Array>; frames: FrameAssembler; be32: boolean },
): AsyncIterableIterator<T> {
  try {
    const { chunks, frames, be32 } = setup();
    const each = wantsChecks(options) ? (m: Msg) => check(schema, m, options, "decode") : undefined;
    return new MessageIterator<T>(chunks, frames, getPlan(schema), readOptions(options), be32, each);
  } catch (e) {
    return failingIterator(e);
  }
}

/**
 * An iterator whose first next() rejects with error: a stream whose setup failed reports it
 * when iterated, as an async generator function does, not when called.
 */
export function failingIterator<T>(error: unknown): AsyncIterableIterator<T> {
  let thrown = false;
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => it,
    next() {
      if (thrown) return Promise.resolve(DONE);
      thrown = true;
      return Promise.reject(error);
    },
    return(value?: unknown) {
      thrown = true;
      return Promise.resolve({ done: true, value: value as undefined });
    },
    throw(e?: unknown) {
      thrown = true;
      return Promise.reject(e);
    },
  };
  return it;
}
