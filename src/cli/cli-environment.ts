// The environment block of the CLI's results: the machine (bench/lib/environment.ts), the versions of
// the packages installed next to the CLI, and the commit dist/cli.js was built from.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { machine, type Environment } from "../../bench/lib/environment.js";
import { isPassthrough } from "../../bench/lib/protowasm.js";
import { buildInfo } from "./build-info.js";

const require = createRequire(import.meta.url);

/** The version of the package `name` as this module resolves it, or undefined when it is not installed. */
export function installedVersion(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return undefined;
  }
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The environment of a `protowasm bench` run. */
export function cliEnvironment(): Environment {
  return {
    ...machine(),
    versions: {
      protowasm: buildInfo.version,
      "@bufbuild/protobuf": installedVersion("@bufbuild/protobuf") ?? "?",
      protobufjs: installedVersion("protobufjs") ?? "not installed",
      tinybench: buildInfo.tinybench,
    },
    protowasmCommit: buildInfo.commit,
    protowasmIsPassthrough: isPassthrough,
  };
}
