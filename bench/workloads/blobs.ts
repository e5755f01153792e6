// Workload 4: bytes blobs inside small envelopes: tensors and images, 1 KB to 1 MB.
import { create, toBinary } from "@bufbuild/protobuf";
import { BlobEnvelopeSchema, DataType } from "../gen/blobs_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

function envelope(rng: Prng, size: number, i: number) {
  const payload = i % 2 === 0
    ? {
        case: "tensor" as const,
        value: {
          name: `layer${i}.weight`,
          dtype: DataType.FLOAT32,
          dims: [BigInt(size / 4 / 16), 16n],
          data: rng.bytes(size),
          metadata: { framework: "onnx", quantized: "false" },
        },
      }
    : {
        case: "image" as const,
        value: {
          id: rng.hex(16),
          mimeType: "image/jpeg",
          width: 1024,
          height: 768,
          data: rng.bytes(size),
          thumbnail: rng.bytes(Math.min(size, 512)),
        },
      };
  return create(BlobEnvelopeSchema, {
    payload,
    requestId: rng.hex(32),
    createdUnixNano: 1_718_000_000_000_000_000n + BigInt(i),
    sha256: rng.bytes(32),
  });
}

function blobs(seed: number, sizes: number[]): Uint8Array[] {
  const rng = new Prng(seed);
  return sizes.map((size, i) => toBinary(BlobEnvelopeSchema, envelope(rng, size, i)));
}

export function smallBlobs(): Workload {
  const sizes: number[] = [];
  for (let i = 0; i < 64; i++) sizes.push(1024 << i % 5); // 1, 2, 4, 8, 16 KB
  return {
    name: "blobs-1k-16k",
    description: "64 envelopes with a 1-16 KB tensor or image bytes field",
    schema: BlobEnvelopeSchema,
    payloads: blobs(30, sizes),
  };
}

export function largeBlobs(): Workload {
  return {
    name: "blobs-256k-1m",
    description: "4 envelopes with a 256 KB - 1 MB tensor or image bytes field",
    schema: BlobEnvelopeSchema,
    payloads: blobs(31, [256 << 10, 512 << 10, 1 << 20, 1 << 20]),
  };
}
