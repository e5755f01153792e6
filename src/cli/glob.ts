// Expands wildcards (*, ?, [abc], [!abc]) in a path, for patterns the shell passed through
// unexpanded: bash does so when nothing matches, cmd.exe always. A wildcard matches within one path
// segment (** too), and does not match a leading dot unless the pattern has one.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const WILDCARD = /[*?[]/;
const SEPARATOR = process.platform === "win32" ? /[\\/]/ : /\//;

/** Whether `path` has wildcard characters. */
export function hasWildcard(path: string): boolean {
  return WILDCARD.test(path);
}

function segmentRegExp(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    const close = c === "[" ? segment.indexOf("]", i + 2) : -1;
    if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else if (close > 0) {
      const set = segment.slice(i + 1, close).replace(/\\/g, "\\\\");
      source += set.startsWith("!") ? `[^${set.slice(1)}]` : `[${set}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The existing paths that match `pattern`, sorted; [] when none does. */
export function expandGlob(pattern: string): string[] {
  const absolute = SEPARATOR.test(pattern[0] ?? "");
  const segments = pattern.split(SEPARATOR).filter((s) => s !== "");
  let paths = [absolute ? "/" : ""];
  for (const [k, segment] of segments.entries()) {
    if (!hasWildcard(segment)) {
      paths = paths.map((p) => (p ? join(p, segment) : segment));
      continue;
    }
    const re = segmentRegExp(segment);
    const last = k === segments.length - 1;
    const next: string[] = [];
    for (const dir of paths) {
      if (!isDirectory(dir || ".")) continue;
      for (const name of readdirSync(dir || ".").sort()) {
        if (name.startsWith(".") && !segment.startsWith(".")) continue;
        const path = dir ? join(dir, name) : name;
        if (re.test(name) && (last || isDirectory(path))) next.push(path);
      }
    }
    paths = next;
  }
  return paths.filter((p) => {
    try {
      statSync(p);
      return true;
    } catch {
      return false;
    }
  }).sort();
}
