// The codecs a run compares: all of the bench's, except protobufjs when it cannot be loaded (it is
// not a dependency of protowasm; the bench code imports it dynamically).
import { CANDIDATES, type CandidateId } from "../../bench/lib/candidates.js";
import { loadProtobufjs } from "../../bench/lib/protobufjs-type.js";

/** The candidates to run, and a note for each one left out. */
export async function availableCandidates(): Promise<{ candidates: CandidateId[]; notes: string[] }> {
  try {
    await loadProtobufjs();
    return { candidates: CANDIDATES, notes: [] };
  } catch (e) {
    const missing = (e as { code?: string }).code === "ERR_MODULE_NOT_FOUND";
    const why = missing ? "is not installed" : `could not be loaded (${e instanceof Error ? e.message : String(e)})`;
    return {
      candidates: CANDIDATES.filter((c) => c !== "protobufjs"),
      notes: [`protobufjs ${why}, so it is left out; npm install protobufjs to compare with it`],
    };
  }
}
