// Runs a Job in a child process (bench/lib/child.ts, forked with the same Node flags, so tsx
// loads it) and resolves with its result. The child's output all goes to our stderr.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Job, JobResult } from "./job.js";
import { CorrectnessError } from "./verify.js";

const childPath = fileURLToPath(new URL("./child.ts", import.meta.url));

interface Reply {
  result?: JobResult;
  error?: { message: string; stack?: string; correctness: boolean };
}

export function runInChild(job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = fork(childPath, [], { stdio: ["ignore", 2, 2, "ipc"] });
    let replied = false;
    child.on("message", (reply: Reply) => {
      replied = true;
      if (reply.result) resolve(reply.result);
      else if (reply.error?.correctness) reject(new CorrectnessError(reply.error.message));
      else reject(Object.assign(new Error(reply.error?.message ?? "unknown error"), { stack: reply.error?.stack }));
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (!replied) reject(new Error(`benchmark process for ${job.name} ended (${signal ?? `exit code ${code}`}) without a result`));
    });
    child.send(job);
  });
}
