// Looks up the message type named by --type. When it is not there, the CliError names the closest
// message types of the schema: a different case, the package left out, the same message name in
// another package, then small typos (edit distance).
import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { CliError } from "./cli-error.js";
import { editDistance } from "./edit-distance.js";

const shortName = (typeName: string) => typeName.slice(typeName.lastIndexOf(".") + 1);

/** How close `name` is to `wanted` (both lower case): lower is closer, undefined is not close. */
function closeness(wanted: string, name: string): number | undefined {
  if (name === wanted) return 0;
  if (name.endsWith("." + wanted)) return 1;
  const short = shortName(wanted);
  if (shortName(name) === short) return 2;
  const distance = Math.min(editDistance(wanted, name), editDistance(short, shortName(name)));
  const allowed = Math.max(1, Math.floor(short.length / 3));
  return distance <= allowed ? 10 + distance : undefined;
}

/** The names among `names` that `wanted` most likely meant, closest first, at most `limit`. */
export function closestNames(wanted: string, names: string[], limit = 4): string[] {
  const w = wanted.toLowerCase();
  return names
    .map((name) => ({ name, score: closeness(w, name.toLowerCase()) }))
    .filter((c): c is { name: string; score: number } => c.score !== undefined)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}

/**
 * The message type `typeName` (a leading dot is allowed) of `registry`.
 * @param schemaLabel how to name the schema in errors, e.g. its file name
 * @throws CliError naming the closest message types when there is no such message
 */
export function findMessage(registry: Registry, typeName: string, schemaLabel: string): DescMessage {
  const name = typeName.replace(/^\./, "");
  const found = registry.get(name);
  if (found?.kind === "message") return found;
  if (found) throw new CliError(`${name} in ${schemaLabel} is ${found.kind === "service" ? "a service" : `an ${found.kind}`}, not a message type`);

  const messages = [...registry].filter((t): t is DescMessage => t.kind === "message").map((t) => t.typeName);
  const close = closestNames(name, messages);
  if (close.length > 0) {
    throw new CliError(`no message type ${name} in ${schemaLabel}; did you mean ${close.join(", ")}?`);
  }
  const own = messages.filter((m) => !m.startsWith("google.protobuf."));
  const examples = (own.length > 0 ? own : messages).slice(0, 4);
  throw new CliError(
    `no message type ${name} in ${schemaLabel} (${messages.length} message types` +
      `${examples.length ? `, e.g. ${examples.join(", ")}` : ""}); --type takes the full name, package included`,
  );
}
