// `protowasm schema hash|version|check|docs`: argument parsing and output over the src/schema library.
// Exit codes: 0 done (check: nothing breaks), 1 check found breaking changes, 2 bad arguments or a
// schema that does not load (a CliError, printed as one line by main.ts).
import { writeFileSync } from "node:fs";
import { checkSchemas, docsHtml, docsMarkdown, hashSchema, loadSchema, packageVersion, RULE_SETS, SchemaError, type RuleSet, type Schema } from "../schema/index.js";
import { CliError } from "./cli-error.js";
import { SCHEMA_HELP } from "./help.js";

interface Parsed {
  positional: string[];
  flags: Map<string, string>;
}

function parse(args: string[], valued: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a !== "-") {
      const [name, inline] = a.split("=", 2);
      if (!valued.includes(name)) throw new CliError(`unknown option ${name} (see protowasm schema --help)`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new CliError(`${name} needs a value`);
      flags.set(name, value);
    } else positional.push(a);
  }
  return { positional, flags };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag} must be one of ${allowed.join(", ")}, not ${value}`);
  return value as T;
}

function load(input: string): Schema {
  try {
    return loadSchema(input);
  } catch (e) {
    if (e instanceof SchemaError) throw new CliError(e.message);
    throw e;
  }
}

function inputs(p: Parsed, count: number, usage: string): string[] {
  if (p.positional.length !== count) throw new CliError(`usage: ${usage}`);
  return p.positional;
}

function hash(args: string[]): number {
  const p = parse(args, ["--format"]);
  const format = oneOf("--format", p.flags.get("--format"), ["text", "json"] as const, "text");
  const [input] = inputs(p, 1, "protowasm schema hash <input> [--format text|json]");
  const h = hashSchema(load(input));
  if (format === "json") console.log(JSON.stringify(h, null, 2));
  else {
    const lines = [`${h.hash}  (schema)`];
    for (const f of h.files) {
      lines.push(`${f.hash}  ${f.file}`);
      for (const [name, mh] of Object.entries(f.messages)) lines.push(`${mh}    ${name}`);
    }
    console.log(lines.join("\n"));
  }
  return 0;
}

function version(args: string[]): number {
  const p = parse(args, ["--format"]);
  const format = oneOf("--format", p.flags.get("--format"), ["text", "json"] as const, "text");
  const [input] = inputs(p, 1, "protowasm schema version <input> [--format text|json]");
  const packages = [...new Set(load(input).files.map((f) => f.proto.package))].sort();
  const rows = packages.map((pkg) => ({ package: pkg, version: packageVersion(pkg) ?? null }));
  if (format === "json") console.log(JSON.stringify(rows, null, 2));
  else console.log(rows.map((r) => `${r.package || "(no package)"}\t${r.version ? r.version.version : "(no version suffix)"}`).join("\n"));
  return 0;
}

function check(args: string[]): number {
  const p = parse(args, ["--format", "--rules"]);
  const format = oneOf("--format", p.flags.get("--format"), ["text", "json"] as const, "text");
  const rules = oneOf<RuleSet>("--rules", p.flags.get("--rules"), RULE_SETS, "wire-json");
  const [oldInput, newInput] = inputs(p, 2, "protowasm schema check <old> <new> [--rules wire|wire-json|source] [--format text|json]");
  const findings = checkSchemas(load(oldInput), load(newInput), { rules });
  if (format === "json") console.log(JSON.stringify({ rules, breaking: findings.length > 0, findings }, null, 2));
  else if (findings.length === 0) console.log(`no breaking changes (rules: ${rules})`);
  else {
    for (const f of findings) console.log(`${f.file}:${f.line}: ${f.rule} ${f.element}: ${f.message}${f.side === "old" ? " (line in the old schema)" : ""}`);
    console.log(`${findings.length} breaking change${findings.length === 1 ? "" : "s"} (rules: ${rules})`);
  }
  return findings.length > 0 ? 1 : 0;
}

function docs(args: string[]): number {
  const p = parse(args, ["--format", "--out", "-o", "--title"]);
  const format = oneOf("--format", p.flags.get("--format"), ["markdown", "html"] as const, "markdown");
  const [input] = inputs(p, 1, "protowasm schema docs <input> [--format markdown|html] [--out file] [--title text]");
  const schema = load(input);
  const title = p.flags.get("--title");
  const text = format === "html" ? docsHtml(schema, title) : docsMarkdown(schema, title);
  const out = p.flags.get("--out") ?? p.flags.get("-o");
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}

/** Runs `protowasm schema <subcommand> ...`; returns the exit code. */
export function schemaCommand(args: string[]): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case "hash":
      return hash(rest);
    case "version":
      return version(rest);
    case "check":
      return check(rest);
    case "docs":
      return docs(rest);
    case undefined:
    case "--help":
    case "-h":
    case "help":
      console.log(SCHEMA_HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown schema command ${sub}: one of hash, version, check, docs (see protowasm schema --help)`);
  }
}
