// The schema tools as a library (`protowasm/schema`): load .proto files or descriptor sets, hash
// them, read package versions, check two versions for breaking changes, write documentation.
// The `protowasm schema` command is a thin shell over these functions.
export { SchemaError } from "./errors.js";
export { loadSchema, fromDescriptorSet, type Schema, type LoadOptions } from "./load.js";
export { hashSchema, hashFile, hashMessage, canonicalMessage, canonicalEnum, canonicalService, type SchemaHash, type FileHash } from "./hash.js";
export { packageVersion, type PackageVersion } from "./version.js";
export { checkSchemas, RULES, RULE_SETS, type Finding, type RuleId, type RuleSet, type CheckOptions } from "./check.js";
export { docsMarkdown, docsHtml } from "./docs.js";
