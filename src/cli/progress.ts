// Progress of a run on stderr. On a terminal the round counter is one line rewritten in place;
// otherwise (a file, a pipe, a CI log) every update is a line of its own.
import type { Direction } from "../../bench/lib/bench-payloads.js";

/** Writes progress lines to a stream (stderr by default). */
export class Progress {
  private pending = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  /** A line that stays. */
  log(line: string): void {
    this.clear();
    this.out.write(line + "\n");
  }

  /** A line the next update or log replaces, on a terminal. */
  update(line: string): void {
    if (!this.out.isTTY) {
      this.out.write(line + "\n");
      return;
    }
    this.out.write(`\r\x1b[K${line}`);
    this.pending = true;
  }

  /** Removes the in-place line, if any. */
  clear(): void {
    if (!this.pending) return;
    this.out.write("\r\x1b[K");
    this.pending = false;
  }

  /**
   * A callback for benchPayloads' `progress` that shows "decode 3/10 rounds, about 12 s left". The
   * estimate is the mean round time of the current direction (from the second round on, the first
   * carrying the warm-up), with the encode rounds assumed to take as long as the decode ones.
   */
  rounds(): (direction: Direction, round: number, rounds: number) => void {
    let firstRoundEnd = 0;
    return (direction, round, rounds) => {
      const now = Date.now();
      let eta = "";
      if (round === 1) {
        firstRoundEnd = now;
      } else {
        const perRound = (now - firstRoundEnd) / (round - 1);
        const left = perRound * (rounds - round + (direction === "decode" ? rounds : 0));
        if (left > 0) eta = `, about ${Math.max(1, Math.round(left / 1000))} s left`;
      }
      this.update(`${direction} ${round}/${rounds} rounds${eta}`);
    };
  }
}
