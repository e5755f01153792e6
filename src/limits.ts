// Decode limits: how deep, how large and how long what an untrusted peer sends may be.
// Defaults keep drop-in behaviour (only the recursion limit, 100, as @bufbuild/protobuf);
// PRODUCTION_LIMITS holds the seed's production values; limitsFromEnv() reads the seed's
// environment variables.

/** Limits on decoded input. A limit of `Infinity` is no limit. */
export interface DecodeLimits {
  /** Nesting of messages and groups (default 100). */
  recursionLimit: number;
  /** Size of one input message in bytes (default: no limit). */
  maxMessageBytes: number;
  /** Size of one string or bytes field in bytes (default: no limit). */
  maxFieldBytes: number;
  /** Elements of one repeated field or map in one message, over all its occurrences (default: no limit). */
  maxRepeated: number;
}

const DROP_IN: DecodeLimits = Object.freeze({
  recursionLimit: 100,
  maxMessageBytes: Infinity,
  maxFieldBytes: Infinity,
  maxRepeated: Infinity,
});

/**
 * The seed's production configuration: messages up to 4 MiB, string and bytes fields up to
 * 1 MiB, repeated fields and maps up to 1000 elements, nesting up to 100.
 */
export const PRODUCTION_LIMITS: DecodeLimits = Object.freeze({
  recursionLimit: 100,
  maxMessageBytes: 4 * 1024 * 1024,
  maxFieldBytes: 1024 * 1024,
  maxRepeated: 1000,
});

let defaults: DecodeLimits = DROP_IN;
let version = 0;

/** The limits read options fall back on. */
export function defaultLimits(): DecodeLimits {
  return defaults;
}

/** Changes with every setDefaultLimits() call (options.ts caches on it). */
export function limitsVersion(): number {
  return version;
}

/**
 * Sets the limits every decode uses unless its options say otherwise. Missing entries keep
 * the drop-in defaults; call with no argument to restore them.
 */
export function setDefaultLimits(limits?: Partial<DecodeLimits>): void {
  const next = { ...DROP_IN, ...(limits ?? {}) };
  for (const [name, value] of Object.entries(next)) checkLimit(name, value);
  defaults = Object.freeze(next);
  version++;
}

/** Throws for a limit that is not a positive integer or Infinity. */
export function checkLimit(name: string, value: unknown): void {
  if (value === Infinity) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`invalid limit ${name}: ${String(value)} (a non-negative integer or Infinity)`);
  }
}

const ENV: Record<string, keyof DecodeLimits> = {
  PROTOBUF_MAX_MESSAGE_SIZE: "maxMessageBytes",
  PROTOBUF_MAX_FIELD_SIZE: "maxFieldBytes",
  PROTOBUF_MAX_REPEATED_FIELD_SIZE: "maxRepeated",
  PROTOBUF_RECURSION_LIMIT: "recursionLimit",
};

/**
 * Limits from the seed's environment variables PROTOBUF_MAX_MESSAGE_SIZE,
 * PROTOBUF_MAX_FIELD_SIZE, PROTOBUF_MAX_REPEATED_FIELD_SIZE (and PROTOBUF_RECURSION_LIMIT):
 * whole numbers of bytes or elements. Unset variables are left out; a malformed one throws
 * at once, naming it. Pass the result to setDefaultLimits() or spread it into read options.
 */
export function limitsFromEnv(env: Record<string, string | undefined> = typeof process !== "undefined" ? process.env : {}): Partial<DecodeLimits> {
  const out: Partial<DecodeLimits> = {};
  for (const [variable, name] of Object.entries(ENV)) {
    const raw = env[variable];
    if (raw === undefined || raw === "") continue;
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
      throw new RangeError(`${variable}=${JSON.stringify(raw)} is not a whole number`);
    }
    out[name] = Number(raw);
  }
  return out;
}
