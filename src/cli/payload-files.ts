// Turns the payload arguments into files and reads them. An argument is a file, or a wildcard
// pattern the shell left unexpanded (glob.ts); each file holds one encoded message.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "./cli-error.js";
import { expandGlob, hasWildcard } from "./glob.js";

/** One payload: the file it came from and its bytes. */
export interface PayloadFile {
  path: string;
  bytes: Uint8Array;
}

function filesOf(arg: string): string[] {
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) throw new CliError(`payload ${arg} is a directory; pass the files in it, e.g. ${join(arg, "*")}`);
    return [arg];
  }
  if (!hasWildcard(arg)) throw new CliError(`payload file not found: ${arg}`);
  const files = expandGlob(arg).filter((p) => !statSync(p).isDirectory());
  if (files.length === 0) throw new CliError(`no payload file matches ${arg}`);
  return files;
}

/**
 * The payload files named by `args`, read, in argument order.
 * @throws CliError when there are none, or an argument names no file
 */
export function readPayloadFiles(args: string[]): PayloadFile[] {
  if (args.length === 0) {
    throw new CliError("no payload files: list the files of encoded messages after the options, e.g. protowasm bench --schema set.binpb --type pkg.Msg data/*.bin");
  }
  return args.flatMap(filesOf).map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
}
