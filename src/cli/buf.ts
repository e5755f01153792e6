// Compiles a .proto file to a FileDescriptorSet (imports included) with the buf CLI, for --schema
// x.proto. buf is optional: it is looked for in ./node_modules/.bin (npm install @bufbuild/buf)
// and on PATH.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { CliError } from "./cli-error.js";

const NAMES = process.platform === "win32" ? ["buf.exe", "buf.cmd"] : ["buf"];

/** The path of the buf executable, or undefined when buf is not installed. */
export function findBuf(): string | undefined {
  const dirs = [join(process.cwd(), "node_modules", ".bin"), ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    for (const name of NAMES) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/**
 * The FileDescriptorSet of `protoFile` and its imports, built by `buf build <file> --as-file-descriptor-set`
 * (buf finds the module or workspace the file belongs to).
 * @throws CliError when buf fails, with buf's message on one line
 */
export function compileWithBuf(buf: string, protoFile: string): Uint8Array {
  try {
    return execFileSync(buf, ["build", protoFile, "--as-file-descriptor-set", "-o", "-"], {
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 30,
      shell: buf.endsWith(".cmd"),
    });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    const message = stderr ? stderr.split(/\r?\n/).join("; ") : e instanceof Error ? e.message : String(e);
    throw new CliError(`buf could not compile ${protoFile}: ${message}`);
  }
}
