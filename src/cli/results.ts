// The document of a `protowasm bench` run, printed by --json: the bench's Results (bench/lib/results.ts,
// one workload named after the message type) plus the input files and notes of the CLI.
import type { Results } from "../../bench/lib/results.js";

/** The results of one `protowasm bench` run. */
export interface CliResults extends Results {
  input: {
    /** The --schema file. */
    schema: string;
    /** Full name of the message type. */
    type: string;
    /** The payload files in the order they were benchmarked, with their sizes. */
    files: Array<{ path: string; bytes: number }>;
  };
  /** Notes not tied to a row, e.g. a codec left out. */
  notes: string[];
}
