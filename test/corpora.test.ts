// Real-world corpora (../shared/corpora, see its README): for every payload of
// every workload, the codec's fromBinary must deep-equal @bufbuild/protobuf's,
// and its toBinary of the decoded message must equal @bufbuild/protobuf's
// (and the original bytes for canonical workloads). Skipped, visibly, when the
// corpora folder is absent.
import { describe, expect, it } from "vitest";
import * as ref from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "../src/index.js";
import { CORPORA_DIR, corporaAvailable, messageType, readPayload, readWorkloads } from "./support/corpora.js";
import { findDifference } from "./support/equal.js";
import { bytesEqual, firstByteDifference, toHex } from "./support/hex.js";

const available = corporaAvailable();

describe("real-world corpora", () => {
  if (!available) {
    it.skip(`corpora not found at ${CORPORA_DIR}: skipped`, () => {});
    return;
  }
  const workloads = readWorkloads();

  it("lists workloads", () => {
    expect(workloads.length).toBeGreaterThan(0);
  });

  for (const w of workloads) {
    it(`${w.name}: ${w.type}, ${w.payloads.length} payloads${w.canonical ? ", canonical" : ""}`, () => {
      const desc = messageType(w);
      for (const p of w.payloads) {
        const bytes = readPayload(p);
        const where = `${w.name} ${p} (${bytes.length} bytes)`;
        const expected = ref.fromBinary(desc, bytes);
        const actual = fromBinary(desc, bytes);
        const d = findDifference(actual, expected);
        if (d !== undefined) expect.fail(`${where}: decoded message differs: ${d}`);

        const want = ref.toBinary(desc, expected);
        const got = toBinary(desc, expected);
        if (!bytesEqual(got, want)) {
          const at = firstByteDifference(got, want);
          expect.fail(
            `${where}: toBinary differs at offset ${at} (ours ${got.length} bytes, ref ${want.length})\n` +
              `  ours: ${toHex(got.subarray(Math.max(0, at - 16), at + 32))}\n  ref:  ${toHex(want.subarray(Math.max(0, at - 16), at + 32))}`,
          );
        }
        // Our decoded message re-encodes like the reference's (map entry order included).
        if (!bytesEqual(ref.toBinary(desc, actual), want)) {
          expect.fail(`${where}: our decoded message re-encodes differently (by @bufbuild/protobuf)`);
        }
        if (w.canonical && !bytesEqual(toBinary(desc, actual), bytes)) {
          expect.fail(`${where}: canonical payload does not re-encode to its own bytes`);
        }
      }
    });
  }
});
