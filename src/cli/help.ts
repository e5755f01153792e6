// The help texts of `protowasm --help` and `protowasm bench --help`.

/** `protowasm --help`. */
export const MAIN_HELP = `usage: protowasm <command> [options]

commands:
  bench   benchmark protowasm against @bufbuild/protobuf on your own schema and payloads
  schema  fingerprint, version, breaking-change check and docs of a protobuf schema

  protowasm bench --help   the options of bench
  protowasm schema --help  the subcommands of schema
  protowasm --version      print the version`;

/** `protowasm bench --help`. */
export const BENCH_HELP = `usage: protowasm bench --schema <set.binpb> --type <package.Message> [options] <payload files...>

Times protowasm's fromBinary and toBinary against @bufbuild/protobuf's (and protobufjs, when it is
installed, JSON and v8.serialize) on your messages. Each payload file holds one encoded message of
--type. Every payload is checked first: it must decode, and protowasm must agree with @bufbuild/protobuf.

  --schema <file>   a FileDescriptorSet with the type's .proto files and their imports:
                    buf build -o set.binpb, or protoc --include_imports -o set.binpb <files>.proto
                    (a .proto file is compiled here when buf is installed)
  --type <name>     full name of the message type, e.g. acme.orders.v1.Order
  --quick           a short run: 4 rounds of 25 ms per codec (default: 10 rounds of 100 ms)
  --rounds <n>      rounds per codec and direction
  --time <ms>       time per codec and round
  --json            print the results as JSON instead of tables
  -h, --help        this help

Progress goes to stderr, results to stdout. Exit code 0: done; 1: protowasm and @bufbuild/protobuf
disagree on a payload (the message says where); 2: a problem with the arguments or the input files.`;

/** `protowasm schema --help`. */
export const SCHEMA_HELP = `usage: protowasm schema <hash|version|check|docs> [options] <input...>

An input is a .proto file or a directory of them (compiled with buf from @bufbuild/buf, or protoc
when buf is not installed) or a FileDescriptorSet file (buf build -o set.binpb).

  hash <input>            SHA-256 fingerprints of the schema, each file and each message; unchanged by
                          comments, formatting and declaration order, changed by wire or JSON changes
  version <input>         the version suffix of each package (acme.orders.v2beta1 -> v2beta1)
  check <old> <new>       breaking changes from old to new; exit code 1 when something breaks
    --rules <set>         wire, wire-json (default) or source
  docs <input>            documentation of every file, message, field, enum, service and method
    --format <f>          markdown (default) or html (one self-contained page)
    --out <file>          write to a file instead of stdout
    --title <text>        the page title
  --format text|json      output of hash, version and check (default text)

Exit code 0: done; 1: check found breaking changes; 2: a problem with the arguments or the inputs.`;
