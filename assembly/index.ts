// The WebAssembly core's exports: scan() for decoding, encode() for encoding,
// and the start of free linear memory. It works only on linear memory and knows nothing of
// JS objects; src/wasm/ loads it and src/ drives it.

export { scanSetup, scanStart, scanResume, scanContinue, setLimits } from "./scan";
export { encode } from "./write";
export { utf8Spans } from "./utf8";
export { internSetup, internReset, setInternMode } from "./intern";

export function heapBase(): usize {
  return __heap_base;
}
