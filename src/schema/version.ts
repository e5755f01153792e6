// The version of a protobuf package, read from its last component as buf's PACKAGE_VERSION_SUFFIX
// rule spells it: v1, v2, v1alpha, v1beta2, v1test, v1p1alpha1 ... ("acme.orders.v2beta1" -> "v2beta1").

/** A parsed package version: `v2beta1` is major 2, stability "beta", revision 1. */
export interface PackageVersion {
  readonly package: string;
  /** The suffix as written, e.g. "v2beta1". */
  readonly version: string;
  readonly major: number;
  /** "stable", "alpha", "beta" or "test". */
  readonly stability: "stable" | "alpha" | "beta" | "test";
  /** The number after alpha/beta/test, when any. */
  readonly revision?: number;
}

const SUFFIX = /^v([1-9][0-9]*)(?:p[1-9][0-9]*)?(?:(alpha|beta|test)([1-9][0-9]*)?)?$/;

/** The version of `pkg`, or undefined when its last component is not a version suffix. */
export function packageVersion(pkg: string): PackageVersion | undefined {
  const last = pkg.split(".").pop() ?? "";
  const m = SUFFIX.exec(last);
  if (!m) return undefined;
  const stability = (m[2] ?? "stable") as PackageVersion["stability"];
  return {
    package: pkg,
    version: last,
    major: Number(m[1]),
    stability,
    ...(m[3] ? { revision: Number(m[3]) } : {}),
  };
}
