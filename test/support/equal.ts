// Strict deep equality for decoded messages. Unlike vitest's toEqual it keeps
// bigint, string and number apart, distinguishes -0 from 0 (Object.is) while
// treating NaN as equal to NaN, compares Uint8Array by content, compares own
// enumerable keys exactly ($typeName and $unknown included; a key holding
// undefined is not the same as a missing key), and compares the own properties
// of the prototypes (proto2 messages keep field defaults on a prototype).
// findDifference() returns a description of the first difference and its path.

export interface EqualOptions {
  /** Also require own keys in the same order (matters for maps: it is the encoding order). */
  keyOrder?: boolean;
}

function formatKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function describeValue(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v.length > 80 ? v.slice(0, 80) + "…" : v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v instanceof Uint8Array) {
    const hex = Array.from(v.subarray(0, 32), (b) => b.toString(16).padStart(2, "0")).join("");
    return `Uint8Array(${v.length})[${hex}${v.length > 32 ? "…" : ""}]`;
  }
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (v === null) return "null";
  if (typeof v === "object") {
    const t = (v as { $typeName?: unknown }).$typeName;
    return typeof t === "string" ? `message ${t}` : "object";
  }
  return String(v);
}

function isBytes(v: object): v is Uint8Array {
  return v instanceof Uint8Array;
}

export function findDifference(
  actual: unknown,
  expected: unknown,
  options: EqualOptions = {},
  path = "$",
): string | undefined {
  if (typeof actual !== typeof expected) {
    return `${path}: type ${typeof actual} (${describeValue(actual)}) != ${typeof expected} (${describeValue(expected)})`;
  }
  switch (typeof expected) {
    case "number":
      return Object.is(actual, expected)
        ? undefined
        : `${path}: ${describeValue(actual)} != ${describeValue(expected)}`;
    case "object":
      break;
    default:
      return actual === expected
        ? undefined
        : `${path}: ${describeValue(actual)} != ${describeValue(expected)}`;
  }
  const a = actual as object | null;
  const e = expected as object | null;
  if (a === null || e === null) {
    return a === e ? undefined : `${path}: ${describeValue(a)} != ${describeValue(e)}`;
  }
  if (a === e) return undefined;

  // Uint8Array: by content. (Buffer and Uint8Array are both accepted.)
  if (isBytes(e) || isBytes(a)) {
    if (!isBytes(e) || !isBytes(a)) {
      return `${path}: ${describeValue(a)} != ${describeValue(e)}`;
    }
    if (a.length !== e.length) {
      return `${path}: byte length ${a.length} != ${e.length} (${describeValue(a)} != ${describeValue(e)})`;
    }
    for (let i = 0; i < e.length; i++) {
      if (a[i] !== e[i]) {
        return `${path}[${i}]: byte 0x${a[i].toString(16)} != 0x${e[i].toString(16)} (${describeValue(a)} != ${describeValue(e)})`;
      }
    }
    return undefined;
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(e)) {
    return `${path}: unexpected typed array (${Object.prototype.toString.call(a)} vs ${Object.prototype.toString.call(e)})`;
  }

  if (Array.isArray(e) || Array.isArray(a)) {
    if (!Array.isArray(e) || !Array.isArray(a)) {
      return `${path}: ${describeValue(a)} != ${describeValue(e)}`;
    }
    if (a.length !== e.length) {
      return `${path}: array length ${a.length} != ${e.length}`;
    }
    for (let i = 0; i < e.length; i++) {
      if (!(i in a) || !(i in e)) {
        if (i in a !== i in e) return `${path}[${i}]: hole in one array only`;
        continue;
      }
      const d = findDifference(a[i], e[i], options, `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  const tagA = Object.prototype.toString.call(a);
  const tagE = Object.prototype.toString.call(e);
  if (tagA !== tagE) return `${path}: ${tagA} != ${tagE}`;

  // Prototypes: identical, or both custom with the same own properties.
  const protoA = Object.getPrototypeOf(a) as object | null;
  const protoE = Object.getPrototypeOf(e) as object | null;
  if (protoA !== protoE) {
    const plain = (p: object | null) => p === null || p === Object.prototype;
    if (plain(protoA) || plain(protoE)) {
      const name = (p: object | null) =>
        p === null ? "null" : p === Object.prototype ? "Object.prototype" : "a custom prototype (field defaults)";
      return `${path}: prototype is ${name(protoA)} but expected ${name(protoE)}`;
    }
    const d = findDifference(protoA, protoE, { keyOrder: false }, `${path}.[[Prototype]]`);
    if (d !== undefined) return d;
  }

  const keysA = Object.keys(a);
  const keysE = Object.keys(e);
  const setA = new Set(keysA);
  const setE = new Set(keysE);
  for (const k of keysE) {
    if (!setA.has(k)) {
      return `${formatKey(path, k)}: missing (expected ${describeValue((e as Record<string, unknown>)[k])})`;
    }
  }
  for (const k of keysA) {
    if (!setE.has(k)) {
      return `${formatKey(path, k)}: unexpected key (value ${describeValue((a as Record<string, unknown>)[k])})`;
    }
  }
  if (options.keyOrder) {
    for (let i = 0; i < keysE.length; i++) {
      if (keysA[i] !== keysE[i]) {
        return `${path}: key order differs at position ${i}: ${JSON.stringify(keysA[i])} != ${JSON.stringify(keysE[i])}`;
      }
    }
  }
  for (const k of keysE) {
    const d = findDifference(
      (a as Record<string, unknown>)[k],
      (e as Record<string, unknown>)[k],
      options,
      formatKey(path, k),
    );
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Throws an Error naming the path of the first difference. */
export function assertStrictEqual(actual: unknown, expected: unknown, what = "value", options?: EqualOptions): void {
  const d = findDifference(actual, expected, options);
  if (d !== undefined) {
    throw new Error(`${what} differs: ${d}`);
  }
}
