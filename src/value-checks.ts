// Checks of scalar values on encode, with @bufbuild/protobuf's rules and messages: numbers,
// or numeric strings, in the kind's range. They return the value to write or throw.

export function checkInt32(v: any): number {
  if (typeof v === "number") {
    if ((v | 0) === v) return v;
  } else if (typeof v === "string") {
    const n = Number(v);
    if (Number.isInteger(n) && n <= 0x7fffffff && n >= -0x80000000) return n;
    throw new Error("invalid int32: " + v);
  } else {
    throw new Error("invalid int32: " + typeof v);
  }
  throw new Error("invalid int32: " + v);
}

/** Returns the value as an unsigned number (0 to 2^32 - 1). */
export function checkUint32(v: any): number {
  if (typeof v === "number") {
    if (v >>> 0 === v) return v;
  } else if (typeof v === "string") {
    const n = Number(v);
    if (Number.isInteger(n) && n <= 0xffffffff && n >= 0) return n;
    throw new Error("invalid uint32: " + v);
  } else {
    throw new Error("invalid uint32: " + typeof v);
  }
  throw new Error("invalid uint32: " + v);
}

/** Returns the value as a number (numeric strings converted; "NaN" allowed). */
export function checkFloat32(v: any): number {
  let n = v;
  if (typeof v == "string") {
    n = Number(v);
    if (Number.isNaN(n) && v !== "NaN") throw new Error("invalid float32: " + v);
  } else if (typeof v != "number") {
    throw new Error("invalid float32: " + typeof v);
  }
  if (!Number.isFinite(Math.fround(n)) && Number.isFinite(n)) throw new Error("invalid float32: " + v);
  return n;
}
