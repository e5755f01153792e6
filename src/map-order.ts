// Key order for deterministic encoding: map entries sorted by key the way the C++ and Go
// implementations sort them. Keys arrive as JS object keys (strings), so each key type
// needs its own comparison: numeric for integer keys (64-bit ones through BigInt), false
// before true, and byte order of the UTF-8 encoding for strings.

import {
  VK_BOOL, VK_FIXED64, VK_INT64, VK_SFIXED64, VK_SINT64, VK_STRING, VK_UINT64,
} from "./wasm/layout.js";

/** Sorts keys (of map key kind vk) in place into deterministic order. */
export function sortMapKeys(vk: number, keys: string[]): void {
  if (keys.length < 2) return;
  switch (vk) {
    case VK_STRING:
      keys.sort(compareUtf8);
      return;
    case VK_BOOL:
      // "false" < "true" as strings already; anything else (invalid, rejected later) after.
      keys.sort();
      return;
    case VK_INT64:
    case VK_UINT64:
    case VK_SINT64:
    case VK_FIXED64:
    case VK_SFIXED64:
      keys.sort(compareBigInt);
      return;
    default:
      keys.sort(compareNumber);
  }
}

// UTF-16 order differs from UTF-8 byte order (= code point order) only where a surrogate
// meets a code unit at or above U+E000: shift both ranges so that surrogates sort last.
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

// Keys that are not numbers (the encoder rejects them afterwards) sort after all others.
function compareNumber(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (x === y) return 0;
  if (Number.isNaN(x)) return Number.isNaN(y) ? (a < b ? -1 : 1) : 1;
  if (Number.isNaN(y)) return -1;
  return x - y;
}

function toBigInt(s: string): bigint | undefined {
  try {
    return BigInt(s);
  } catch {
    return undefined;
  }
}

function compareBigInt(a: string, b: string): number {
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x === undefined || y === undefined) {
    if (x !== undefined) return -1;
    if (y !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
