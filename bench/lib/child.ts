// Child-process entry: receives one Job over IPC, runs it, sends back { result } or { error }.
// Each workload gets a fresh V8 heap and JIT state, so results do not depend on what ran before.
import { runJob, type Job } from "./job.js";
import { CorrectnessError } from "./verify.js";

process.once("message", async (job: Job) => {
  const log = (line: string) => process.stderr.write(line + "\n");
  let reply: unknown;
  try {
    reply = { result: await runJob(job, log) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = { error: { message: error.message, stack: error.stack, correctness: error instanceof CorrectnessError } };
  }
  process.send!(reply, () => process.disconnect());
});
