// The help texts of `protowasm --help` and `protowasm bench --help`.

/** `protowasm --help`. */
export const MAIN_HELP = `usage: protowasm <command> [options]

commands:
  bench   benchmark protowasm against @bufbuild/protobuf on your own schema and payloads

  protowasm bench --help   the options of bench
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
