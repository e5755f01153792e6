// The error for a problem with the command line or the files it names. main.ts prints its
// message as one line, without a stack trace, and exits with code 2.

/** A mistake in the arguments or an unusable input file; exit code 2. */
export class CliError extends Error {
  override name = "CliError";
}
