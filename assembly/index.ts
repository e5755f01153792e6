// The WebAssembly core's exports: scan() for decoding, packVarint64() for encoding's packed 64-bit runs,
// and the start of free linear memory. It works only on linear memory and knows nothing of
// JS objects; src/wasm/ loads it and src/ drives it.

export { scanSetup, scanStart, scanResume, scanContinue, setLimits } from "./scan";
export { packVarint64 } from "./write";
export { internSetup, internReset, setInternMode } from "./intern";

export function heapBase(): usize {
  return __heap_base;
}
