// Parses the arguments of `protowasm bench`; every mistake is a one-line CliError.
import { parseArgs } from "node:util";
import { FULL_TIMING, QUICK_TIMING, type TimingOptions } from "../../bench/lib/timing.js";
import { CliError } from "./cli-error.js";

/** The options of one `protowasm bench` run. */
export interface BenchArgs {
  /** The FileDescriptorSet (or .proto) file. */
  schema: string;
  /** Full name of the message type. */
  type: string;
  /** Payload arguments as given: files or unexpanded wildcard patterns. */
  payloads: string[];
  quick: boolean;
  json: boolean;
  timing: TimingOptions;
}

const SEE_HELP = "(see protowasm bench --help)";

function positive(option: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new CliError(`${option} needs a positive ${integer ? "whole " : ""}number, not ${JSON.stringify(value)}`);
  }
  return n;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        schema: { type: "string" },
        type: { type: "string" },
        quick: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        rounds: { type: "string" },
        time: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    // node:util's messages span lines; keep the option's name.
    const message = e instanceof Error ? e.message : String(e);
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    const code = (e as { code?: string }).code;
    if (option && code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`unknown option ${option} ${SEE_HELP}`);
    if (option && code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const what = message.includes("does not take an argument") ? "takes no value" : "needs a value";
      throw new CliError(`${option} ${what} ${SEE_HELP}`);
    }
    throw new CliError(`${message.split("\n")[0]} ${SEE_HELP}`);
  }
}

/**
 * The options of `protowasm bench <argv>`, or "help" for --help.
 * @throws CliError for an unknown option, a missing --schema or --type, or a bad number
 */
export function parseBenchArgs(argv: string[]): BenchArgs | "help" {
  const { values, positionals } = parse(argv);
  if (values.help) return "help";
  if (!values.schema) throw new CliError(`--schema <file> is required: a FileDescriptorSet of the message's .proto files ${SEE_HELP}`);
  if (!values.type) throw new CliError(`--type <name> is required: the full name of the payloads' message type ${SEE_HELP}`);
  const timing = { ...(values.quick ? QUICK_TIMING : FULL_TIMING) };
  if (values.rounds !== undefined) timing.rounds = positive("--rounds", values.rounds, true);
  if (values.time !== undefined) timing.time = positive("--time", values.time, false);
  return { schema: values.schema, type: values.type, payloads: positionals, quick: values.quick, json: values.json, timing };
}
