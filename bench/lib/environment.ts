// What the numbers were measured on: machine, runtime, library versions, protowasm's commit.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { isPassthrough } from "./protowasm.js";

export interface Environment {
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** 1-minute load average when the run started: above 0 means other processes shared the CPU. */
  loadAverage: number;
  platform: string;
  node: string;
  v8: string;
  versions: Record<string, string>;
  protowasmCommit: string;
  /** src/index.ts re-exports @bufbuild/protobuf: protowasm rows measure @bufbuild/protobuf. */
  protowasmIsPassthrough: boolean;
}

function version(root: string, pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}

function gitCommit(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = git("status", "--porcelain", "--", "src", "assembly") ? "+dirty" : "";
    return git("rev-parse", "--short", "HEAD") + dirty;
  } catch {
    return "unknown";
  }
}

/** The machine and runtime part of the environment. */
export function machine(): Omit<Environment, "versions" | "protowasmCommit" | "protowasmIsPassthrough"> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

export function environment(root: string): Environment {
  return {
    ...machine(),
    versions: {
      protowasm: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version,
      "@bufbuild/protobuf": version(root, "@bufbuild/protobuf"),
      protobufjs: version(root, "protobufjs"),
      tinybench: version(root, "tinybench"),
    },
    protowasmCommit: gitCommit(root),
    protowasmIsPassthrough: isPassthrough,
  };
}
