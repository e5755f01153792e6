// Entry point of the `protowasm` command, bundled to dist/cli.js by scripts/build.mjs. Runs the
// subcommand and turns errors into exit codes: a CliError (arguments, input files) is one line and
// code 2; a CorrectnessError (protowasm disagrees with @bufbuild/protobuf) one line and code 1;
// anything else is a bug, printed with its stack, code 1.
import { CorrectnessError } from "../../bench/lib/verify.js";
import { benchCommand } from "./bench-command.js";
import { buildInfo } from "./build-info.js";
import { CliError } from "./cli-error.js";
import { MAIN_HELP } from "./help.js";
import { schemaCommand } from "./schema-command.js";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "bench":
      return benchCommand(rest);
    case "schema":
      return schemaCommand(rest);
    case "--version":
    case "-v":
      console.log(buildInfo.version);
      return 0;
    case "--help":
    case "-h":
    case "help":
      console.log(MAIN_HELP);
      return 0;
    case undefined:
      process.stderr.write(MAIN_HELP + "\n");
      return 2;
    default:
      throw new CliError(`unknown command ${command} (see protowasm --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof CliError || e instanceof CorrectnessError) {
      process.stderr.write(`protowasm: ${e.message}\n`);
      process.exitCode = e instanceof CliError ? 2 : 1;
    } else {
      process.stderr.write(`protowasm: unexpected error, please report it: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
