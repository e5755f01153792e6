// The observation point of every public encode/decode call, used by instrument() for
// metrics. Without an observer the calls pay one comparison.

/** Receives one record per call (a batch call counts `count` messages). */
export interface Observer {
  record(direction: "serialize" | "deserialize", typeName: string, ok: boolean, seconds: number, bytes: number, count: number): void;
}

let observers: Observer[] = [];

/** The current observer (all instrument() calls in one), or undefined. */
export let observer: Observer | undefined;

function update(): void {
  const list = observers;
  observer =
    list.length === 0
      ? undefined
      : list.length === 1
        ? list[0]
        : { record: (d, t, ok, s, b, c) => list.forEach((o) => o.record(d, t, ok, s, b, c)) };
}

export function addObserver(o: Observer): () => void {
  observers = [...observers, o];
  update();
  return () => {
    observers = observers.filter((x) => x !== o);
    update();
  };
}

/** Milliseconds from a monotonic clock where there is one. */
export function now(): number {
  // Looked up per call, not at import: in Node the first touch of the global `performance`
  // loads its perf_hooks modules, about 0.4 ms that an import without metrics need not pay.
  return typeof performance !== "undefined" && typeof performance.now === "function" ? performance.now() : Date.now();
}
