// The contenders. Each one is prepared once per workload (schemas built, inputs decoded into its own
// in-memory form) and yields two closures, decode and encode, that process the whole workload.
import v8 from "node:v8";
import * as bufbuild from "@bufbuild/protobuf";
import { BinaryReader, BinaryWriter, sizeDelimitedDecodeStream, sizeDelimitedEncode } from "@bufbuild/protobuf/wire";
import type { DescMessage, Message } from "@bufbuild/protobuf";
import * as protowasm from "./protowasm.js";
import { loadProtobufjs, protobufjsType } from "./protobufjs-type.js";
import { asyncChunks, concat, decodeStreamWith, frame } from "./stream.js";

export type CandidateId = "protowasm" | "bufbuild" | "protobufjs" | "json" | "v8";
export const CANDIDATES: CandidateId[] = ["protowasm", "bufbuild", "protobufjs", "json", "v8"];

export const LABELS: Record<CandidateId, string> = {
  protowasm: "protowasm",
  bufbuild: "@bufbuild/protobuf",
  protobufjs: "protobufjs",
  json: "JSON",
  v8: "v8.serialize",
};

/** What every candidate starts from. */
export interface CandidateInput {
  schema: DescMessage;
  payloads: Uint8Array[];
  /** The payloads decoded by @bufbuild/protobuf: the messages every candidate encodes. */
  messages: Message[];
  /** When set, protobuf candidates work on this one size-delimited stream instead of the payloads. */
  stream?: { bytes: Uint8Array; chunks: Uint8Array[]; batch: boolean };
}

export interface Prepared {
  /** Encoded bytes read by one decode call and written by one encode call, in this candidate's format. */
  decodeBytes: number;
  encodeBytes: number;
  decode: () => unknown;
  encode: () => unknown;
  /** decode returns a promise (stream decoding). */
  asyncDecode?: boolean;
  note?: string;
}

// Results go here so the optimizer cannot drop the work.
export let sink: unknown;

const total = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);

function prepareProtowasm({ schema, payloads, messages, stream }: CandidateInput): Prepared {
  const { toBinary, fromBinary } = protowasm;
  if (!stream) {
    return {
      decodeBytes: total(payloads),
      encodeBytes: total(payloads),
      decode: () => { for (const p of payloads) sink = fromBinary(schema, p); },
      encode: () => { for (const m of messages) sink = toBinary(schema, m); },
    };
  }
  if (stream.batch) {
    const { decodeBatch, encodeBatch } = protowasm;
    if (!decodeBatch || !encodeBatch) throw new Error("protowasm exports no decodeBatch/encodeBatch");
    return {
      decodeBytes: stream.bytes.length,
      encodeBytes: stream.bytes.length,
      decode: () => { sink = decodeBatch(schema, stream.bytes); },
      encode: () => { sink = encodeBatch(schema, messages); },
      note: "decodeBatch/encodeBatch: one call per batch",
    };
  }
  const notes: string[] = [];
  const decodeStream = protowasm.sizeDelimitedDecodeStream
    ?? ((desc: DescMessage, it: AsyncIterable<Uint8Array>) => decodeStreamWith(fromBinary, desc, it));
  const encodeDelimited = protowasm.sizeDelimitedEncode
    ?? ((desc: DescMessage, m: Message) => frame(toBinary(desc, m)));
  if (!protowasm.sizeDelimitedDecodeStream) notes.push("no sizeDelimitedDecodeStream export: fromBinary in bench/lib/stream.ts framing");
  if (!protowasm.sizeDelimitedEncode) notes.push("no sizeDelimitedEncode export: toBinary plus a varint prefix");
  return {
    decodeBytes: stream.bytes.length,
    encodeBytes: stream.bytes.length,
    asyncDecode: true,
    decode: async () => { for await (const m of decodeStream(schema, asyncChunks(stream.chunks))) sink = m; },
    encode: () => { for (const m of messages) sink = encodeDelimited(schema, m); },
    note: notes.join("; ") || undefined,
  };
}

function prepareBufbuild({ schema, payloads, messages, stream }: CandidateInput): Prepared {
  if (!stream) {
    return {
      decodeBytes: total(payloads),
      encodeBytes: total(payloads),
      decode: () => { for (const p of payloads) sink = bufbuild.fromBinary(schema, p); },
      encode: () => { for (const m of messages) sink = bufbuild.toBinary(schema, m); },
    };
  }
  if (stream.batch) {
    // No batch API: the wire reader's length-delimited reads and fromBinary, synchronously.
    return {
      decodeBytes: stream.bytes.length,
      encodeBytes: stream.bytes.length,
      decode: () => {
        const reader = new BinaryReader(stream.bytes);
        const out: Message[] = [];
        while (reader.pos < reader.len) out.push(bufbuild.fromBinary(schema, reader.bytes()));
        sink = out;
      },
      encode: () => {
        const writer = new BinaryWriter();
        for (const m of messages) writer.bytes(bufbuild.toBinary(schema, m));
        sink = writer.finish();
      },
      note: "BinaryReader/BinaryWriter length-delimited loop with fromBinary/toBinary",
    };
  }
  return {
    decodeBytes: stream.bytes.length,
    encodeBytes: stream.bytes.length,
    asyncDecode: true,
    decode: async () => { for await (const m of sizeDelimitedDecodeStream(schema, asyncChunks(stream.chunks))) sink = m; },
    encode: () => { for (const m of messages) sink = sizeDelimitedEncode(schema, m); },
  };
}

/**
 * protobufjs, with its Type built from the same descriptors. Its decode of our bytes is checked first:
 * re-encoded, it must decode (with @bufbuild/protobuf) to the same message. protobufjs drops unknown
 * fields; when that is the only difference the candidate is kept, with a note.
 */
async function prepareProtobufjs({ schema, payloads, messages, stream }: CandidateInput): Promise<Prepared> {
  const protobuf = await loadProtobufjs();
  const type = await protobufjsType(schema);
  const own = payloads.map((p) => type.decode(p));
  const reencoded = own.map((m) => type.encode(m).finish());
  let note: string | undefined;
  const registry = bufbuild.createRegistry();
  for (let i = 0; i < payloads.length; i++) {
    const back = bufbuild.fromBinary(schema, reencoded[i]);
    if (bufbuild.equals(schema, back, messages[i], { registry, unknown: true })) continue;
    const known = bufbuild.fromBinary(schema, payloads[i], { readUnknownFields: false });
    if (!bufbuild.equals(schema, back, known, { registry, unknown: true })) {
      throw new Error(`protobufjs round trip of payload ${i} (${payloads[i].length} bytes) does not match @bufbuild/protobuf's decode`);
    }
    note = `drops unknown fields: re-encodes ${total(reencoded)} of ${total(payloads)} bytes`;
  }
  if (!stream) {
    return {
      decodeBytes: total(payloads),
      encodeBytes: total(reencoded),
      decode: () => { for (const p of payloads) sink = type.decode(p); },
      encode: () => { for (const m of own) sink = type.encode(m).finish(); },
      note,
    };
  }
  const delimited = concat(own.map((m) => type.encodeDelimited(m).finish()));
  if (stream.batch) {
    return {
      decodeBytes: stream.bytes.length,
      encodeBytes: delimited.length,
      decode: () => {
        const reader = protobuf.Reader.create(stream.bytes);
        const out: unknown[] = [];
        while (reader.pos < reader.len) out.push(type.decodeDelimited(reader));
        sink = out;
      },
      encode: () => {
        const writer = protobuf.Writer.create();
        for (const m of own) type.encodeDelimited(m, writer);
        sink = writer.finish();
      },
      note: [note, "decodeDelimited over one Reader, encodeDelimited into one Writer"].filter(Boolean).join("; "),
    };
  }
  return {
    decodeBytes: stream.bytes.length,
    encodeBytes: delimited.length,
    decode: () => {
      const reader = protobuf.Reader.create(stream.bytes);
      while (reader.pos < reader.len) sink = type.decodeDelimited(reader);
    },
    encode: () => { for (const m of own) sink = type.encodeDelimited(m).finish(); },
    note: [note, "no streaming API: decodeDelimited over the whole buffer"].filter(Boolean).join("; "),
  };
}

/** JSON.stringify / JSON.parse of the ProtoJSON form (@bufbuild/protobuf toJson, not timed), one string per message. */
function prepareJson({ schema, messages }: CandidateInput): Prepared {
  const values = messages.map((m) => bufbuild.toJson(schema, m));
  const strings = values.map((v) => JSON.stringify(v));
  const bytes = strings.reduce((n, s) => n + Buffer.byteLength(s), 0);
  return {
    decodeBytes: bytes,
    encodeBytes: bytes,
    decode: () => { for (const s of strings) sink = JSON.parse(s); },
    encode: () => { for (const v of values) sink = JSON.stringify(v); },
  };
}

/** v8.serialize / v8.deserialize of the @bufbuild/protobuf message objects, one buffer per message. */
function prepareV8({ messages }: CandidateInput): Prepared {
  const buffers = messages.map((m) => v8.serialize(m));
  return {
    decodeBytes: total(buffers),
    encodeBytes: total(buffers),
    decode: () => { for (const b of buffers) sink = v8.deserialize(b); },
    encode: () => { for (const m of messages) sink = v8.serialize(m); },
  };
}

export async function prepare(id: CandidateId, input: CandidateInput): Promise<Prepared> {
  switch (id) {
    case "protowasm": return prepareProtowasm(input);
    case "bufbuild": return prepareBufbuild(input);
    case "protobufjs": return prepareProtobufjs(input);
    case "json": return prepareJson(input);
    case "v8": return prepareV8(input);
  }
}
