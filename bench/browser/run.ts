// npm run bench:browser [-- --quick]: the throughput table in Debian's Chromium (headless,
// through playwright-core) for protowasm's WebAssembly and JavaScript backends,
// @bufbuild/protobuf and protobufjs, on built-in workloads; plus cold start in the page.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const quick = process.argv.includes("--quick");
const bundle = await build({
  entryPoints: [join(root, "bench/browser/page.ts")],
  bundle: true,
  format: "esm",
  platform: "browser",
  write: false,
  minify: true,
  alias: { protowasm: root },
  logLevel: "error",
});
const js = bundle.outputFiles[0].text;
const server = createServer((req, res) => {
  if (req.url === "/page.js") {
    res.writeHead(200, { "content-type": "text/javascript" }).end(js);
  } else {
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/page.js"></script>');
  }
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => typeof (window as any).runBench === "function");
  const result = (await page.evaluate((q) => (window as any).runBench(q), quick)) as {
    userAgent: string; coldStart: number; firstDecode: number;
    rows: { name: string; bytes: number; decode: Record<string, number>; encode: Record<string, number> }[];
  };
  const names = ["protowasm (wasm)", "protowasm (js)", "@bufbuild/protobuf", "protobufjs"];
  const lines: string[] = [
    `${result.userAgent}`,
    "",
    `cold start: the page module (the whole bench bundle, protowasm included) evaluated ${result.coldStart.toFixed(0)} ms after navigation; first decode of a new type ${result.firstDecode.toFixed(2)} ms`,
    "",
  ];
  for (const dir of ["decode", "encode"] as const) {
    lines.push(`### ${dir} (MB/s, median of rounds)`, "");
    lines.push(`| workload | ${names.join(" | ")} | wasm / @bufbuild | wasm / protobufjs | js / @bufbuild |`);
    lines.push(`|---|${names.map(() => "---:").join("|")}|---:|---:|---:|`);
    for (const r of result.rows) {
      const mbs = names.map((n) => r.bytes / r[dir][n] / 1000);
      const t = r[dir];
      lines.push(`| ${r.name} | ${mbs.map((x) => x.toFixed(1)).join(" | ")} | ${(t["@bufbuild/protobuf"] / t["protowasm (wasm)"]).toFixed(2)}x | ${(t.protobufjs / t["protowasm (wasm)"]).toFixed(2)}x | ${(t["@bufbuild/protobuf"] / t["protowasm (js)"]).toFixed(2)}x |`);
    }
    lines.push("");
  }
  const text = lines.join("\n");
  console.log(text);
  // Kept beside the Node results (the README's browser table is taken from browser.md).
  const out = join(root, "bench/results", quick ? "browser-quick.md" : "browser.md");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `# npm run bench:browser${quick ? " -- --quick" : ""}\n\n${text}`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
