// The page's code: decodes and re-encodes the payloads the test serves, with protowasm as a
// bundler sees it (`import ... from "protowasm"`) or as the standalone file (window.PW).
import { toJsonString } from "@bufbuild/protobuf";
import * as bundled from "protowasm";
import { TestAllTypesProto3Schema } from "../gen/proto3_pb.js";
import { TestAllTypesProto2Schema } from "../gen/proto2_pb.js";

type Codec = Pick<typeof bundled, "fromBinary" | "toBinary" | "getBackend">;
const schemas = { proto3: TestAllTypesProto3Schema, proto2: TestAllTypesProto2Schema };

function fromBase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
function toBase64(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

async function run(): Promise<void> {
  const useStandalone = location.search.includes("standalone");
  // A URL built at run time: the bundler leaves the standalone file to the browser.
  const standaloneUrl = ["", "protowasm.min.js"].join("/");
  const codec: Codec = useStandalone ? ((await import(/* @vite-ignore */ standaloneUrl)) as Codec) : bundled;
  const cases: { schema: keyof typeof schemas; bytes: string }[] = await (await fetch("/payloads.json")).json();
  const t0 = performance.now();
  const results = cases.map((c) => {
    const schema = schemas[c.schema];
    const m = codec.fromBinary(schema, fromBase64(c.bytes));
    return { json: toJsonString(schema, m), bytes: toBase64(codec.toBinary(schema, m)) };
  });
  (window as any).result = { backend: codec.getBackend(), results, ms: performance.now() - t0 };
}

run().catch((e) => {
  (window as any).result = { error: String(e?.stack ?? e) };
});
