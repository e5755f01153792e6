// The one error type of the schema tools: a schema that cannot be read, does not compile or does not
// resolve. It carries the compiler's location when there is one, so callers can point at the line.

/** A schema input could not be loaded; `file`/`line`/`column` locate the problem when known. */
export class SchemaError extends Error {
  override readonly name = "SchemaError";
  /** The .proto file the compiler complained about, when it said. */
  readonly file?: string;
  /** 1-based line in `file`, when the compiler said. */
  readonly line?: number;
  /** 1-based column in `file`, when the compiler said. */
  readonly column?: number;

  constructor(message: string, where?: { file?: string; line?: number; column?: number }) {
    super(message);
    this.file = where?.file;
    this.line = where?.line;
    this.column = where?.column;
  }
}
