// What scripts/build.mjs writes into dist/cli.js (esbuild `define`): the package version, the
// commit the bundle was built from and the bundled tinybench's version.

interface BuildInfo {
  version: string;
  commit: string;
  tinybench: string;
}

declare const PROTOWASM_BUILD: BuildInfo | undefined;

/** The build's facts, or placeholders when this code runs unbundled (e.g. with tsx). */
export const buildInfo: BuildInfo =
  typeof PROTOWASM_BUILD === "undefined" ? { version: "0.0.0-dev", commit: "unknown", tinybench: "?" } : PROTOWASM_BUILD;
