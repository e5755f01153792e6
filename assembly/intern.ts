// String interning for the decoder. Short strings (keys, enum-like values, tags) repeat a
// lot, and making a JS string costs far more than finding one made before. The table maps
// the bytes of a short string to a small id; JS keeps the strings in an array by id. A hit is
// a hash, a probe and a memcmp here, and an array load in JS. The table lives in linear
// memory across calls; when it fills, interning stops until JS resets it between calls.

const SLOTS: u32 = 8192; // power of two; at most half are used
export const MAX_INTERNED: u32 = SLOTS / 2;
export const MAX_INTERN_LEN: u32 = 48;

let table: usize = 0; // SLOTS slots of 16 bytes: hash, id + 1 (0 = empty), address, length
let arena: usize = 0; // copies of the interned bytes
let arenaTop: usize = 0;
let arenaEnd: usize = 0;
let internCount: i32 = 0;
let countAt: usize = 0; // internCount is mirrored here: JS reads memory faster than a Global

// Called once per instance, on its fresh (zeroed) memory: the table starts empty without a
// fill, which would touch its 128 KB of new pages at import (~0.1 ms).
export function internSetup(tableAt: usize, arenaAt: usize, arenaBytes: usize, countAddr: usize): void {
  countAt = countAddr;
  table = tableAt;
  arena = arenaAt;
  arenaEnd = arenaAt + arenaBytes;
  arenaTop = arena;
  internCount = 0;
}

export function internReset(): void {
  // JS empties the table between calls once it is full: that is pressure too.
  if (load<i32>(countAt, 0, 1) >= <i32>MAX_INTERNED) internFull = true;
  memory.fill(table, 0, <usize>SLOTS * 16);
  arenaTop = arena;
  internCount = 0;
  store<i32>(countAt, 0, 0, 1);
}

// Hash and compare 8 bytes at a time; the last, partial word is masked. Reading up to 7 bytes
// past a string is safe: JS keeps 16 spare bytes after the scan window and the arena.
@inline
function tailMask(bytes: usize): u64 {
  return (<u64>1 << (<u64>bytes << 3)) - 1;
}

// Also leaves in `highBits` the OR of the string's bytes & 0x80 (0: pure ASCII), so that the
// scanner needs no second pass over a short ASCII string.
export let highBits: u64 = 0;

@inline
function hashBytes(p: usize, n: u32): u32 {
  const end = <usize>n;
  let h: u64 = <u64>n * 0x9e3779b97f4a7c15;
  let high: u64 = 0;
  let i: usize = 0;
  for (; i + 8 <= end; i += 8) {
    const w = load<u64>(p + i, 0, 1);
    high |= w;
    h = (h ^ w) * 0xbf58476d1ce4e5b9;
    h ^= h >> 31;
  }
  if (i < end) {
    const w = load<u64>(p + i, 0, 1) & tailMask(end - i);
    high |= w;
    h = (h ^ w) * 0x94d049bb133111eb;
    h ^= h >> 29;
  }
  highBits = high & 0x8080808080808080;
  return <u32>(h ^ (h >> 32));
}

function sameBytes(a: usize, b: usize, n: u32): bool {
  const end = <usize>n;
  let i: usize = 0;
  for (; i + 8 <= end; i += 8) if (load<u64>(a + i, 0, 1) != load<u64>(b + i, 0, 1)) return false;
  if (i < end) return ((load<u64>(a + i, 0, 1) ^ load<u64>(b + i, 0, 1)) & tailMask(end - i)) == 0;
  return true;
}

// internFresh tells whether the last string looked up was new (added, or not found in a full
// table); false: found.
export let internFresh = false;

// Set once the table has filled up (for good: a process that has filled it once will again).
// Until then adding strings costs little and they may repeat in later calls, so the scanner
// only turns interning off for a field once the table is under pressure.
export let internFull = false;

// 0: each string site decides by its score (scan.ts); 1: intern every short string; 2: none.
// Tests set the other two so that every path runs whatever the scores.
export let internMode: i32 = 0;

export function setInternMode(mode: i32): void {
  internMode = mode;
}

// Returns the id of the string's bytes, or -1 (not interned: too long, or the table is full).
// JS makes the string the first time it meets an id. For strings up to MAX_INTERN_LEN bytes,
// highBits tells afterwards whether they are ASCII.
export function intern(p: usize, n: u32): i32 {
  if (n > MAX_INTERN_LEN || table == 0) {
    highBits = 0x80; // unknown: the caller checks the bytes itself
    internFresh = false;
    return -1;
  }
  const h = hashBytes(p, n);
  let i = h & (SLOTS - 1);
  while (true) {
    const slot = table + (<usize>i << 4);
    const idp1 = load<i32>(slot, 4, 1);
    if (idp1 == 0) {
      if (<u32>internCount >= MAX_INTERNED || arenaTop + <usize>n > arenaEnd) {
        internFull = true;
        internFresh = true;
        // A full arena counts as a full table: JS empties both before its next call.
        store<i32>(countAt, <i32>MAX_INTERNED, 0, 1);
        return -1;
      }
      memory.copy(arenaTop, p, <usize>n);
      store<u32>(slot, h, 0, 1);
      store<i32>(slot, internCount + 1, 4, 1);
      store<u32>(slot, <u32>arenaTop, 8, 1);
      store<u32>(slot, n, 12, 1);
      arenaTop += <usize>n;
      store<i32>(countAt, internCount + 1, 0, 1);
      internFresh = true;
      return internCount++;
    }
    if (load<u32>(slot, 0, 1) == h && load<u32>(slot, 12, 1) == n && sameBytes(<usize>load<u32>(slot, 8, 1), p, n)) {
      internFresh = false;
      return idp1 - 1;
    }
    i = (i + 1) & (SLOTS - 1);
  }
}
