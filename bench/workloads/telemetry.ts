// Workload 2: OTLP-shaped telemetry: a batch of trace spans and a batch of log records,
// string-heavy, with 16-byte trace ids, fixed64 timestamps and repeated attribute keys.
import { create, toBinary } from "@bufbuild/protobuf";
import {
  AnyValueSchema, InstrumentationScopeSchema, KeyValueSchema, LogRecordSchema, LogsDataSchema, ResourceSchema,
  SeverityNumber, Span_EventSchema, Span_SpanKind, SpanSchema, Status_StatusCode, TracesDataSchema,
  type AnyValue, type KeyValue, type LogRecord, type Span,
} from "../gen/telemetry_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

const T0 = 1_718_000_000_000_000_000n; // ns

const SERVICES = ["checkout", "cart", "frontend", "payment", "inventory", "auth"];
const OPERATIONS = ["GET /api/v1/users/{id}", "POST /api/v1/orders", "GET /healthz", "SELECT orders",
  "INSERT order_items", "redis GET", "redis SET", "kafka publish orders", "grpc Payment/Charge",
  "render template", "http.client GET", "auth.verify_token"];
const ROUTES = ["/api/v1/users/{id}", "/api/v1/orders", "/api/v1/cart/{id}/items", "/healthz", "/login"];
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
const HOSTS = ["api.internal.example.com", "db-primary.internal", "cache-0.internal", "payments.example.net"];
const AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "okhttp/4.12.0", "grpc-go/1.64.0", "python-requests/2.32.3"];

const str = (value: string): AnyValue => create(AnyValueSchema, { value: { case: "stringValue", value } });
const int = (value: number): AnyValue => create(AnyValueSchema, { value: { case: "intValue", value: BigInt(value) } });
const bool = (value: boolean): AnyValue => create(AnyValueSchema, { value: { case: "boolValue", value } });
const dbl = (value: number): AnyValue => create(AnyValueSchema, { value: { case: "doubleValue", value } });
const kv = (key: string, value: AnyValue): KeyValue => create(KeyValueSchema, { key, value });
const scope = (name: string) => create(InstrumentationScopeSchema, { name, version: "0.52.1" });

function resource(rng: Prng, service: string) {
  return create(ResourceSchema, {
    attributes: [
      kv("service.name", str(service)),
      kv("service.version", str(`1.${rng.int(0, 40)}.${rng.int(0, 9)}`)),
      kv("service.namespace", str("shop")),
      kv("deployment.environment", str("production")),
      kv("host.name", str(`ip-10-0-${rng.int(0, 255)}-${rng.int(0, 255)}.ec2.internal`)),
      kv("k8s.namespace.name", str("shop-prod")),
      kv("k8s.pod.name", str(`${service}-${rng.hex(10)}-${rng.hex(5)}`)),
      kv("k8s.node.name", str(`node-pool-a-${rng.hex(8)}`)),
      kv("process.pid", int(rng.int(1, 65535))),
      kv("process.runtime.name", str("nodejs")),
      kv("telemetry.sdk.name", str("opentelemetry")),
      kv("telemetry.sdk.language", str("nodejs")),
      kv("telemetry.sdk.version", str("1.25.1")),
    ],
  });
}

function spanAttributes(rng: Prng, op: string): KeyValue[] {
  const attrs: KeyValue[] = [];
  if (op.startsWith("GET ") || op.startsWith("POST ") || op.startsWith("http")) {
    attrs.push(
      kv("http.request.method", str(rng.pick(METHODS))),
      kv("http.route", str(rng.pick(ROUTES))),
      kv("url.path", str(`/api/v1/users/${rng.int(1, 99999)}`)),
      kv("url.scheme", str("https")),
      kv("server.address", str(rng.pick(HOSTS))),
      kv("server.port", int(443)),
      kv("http.response.status_code", int(rng.pick([200, 200, 200, 201, 204, 404, 500]))),
      kv("user_agent.original", str(rng.pick(AGENTS))),
      kv("network.protocol.version", str("1.1")),
    );
  } else if (op.startsWith("SELECT") || op.startsWith("INSERT")) {
    attrs.push(
      kv("db.system", str("postgresql")),
      kv("db.name", str("shop")),
      kv("db.statement", str(`${op.split(" ")[0]} id, user_id, status, total FROM ${op.split(" ")[1]} WHERE user_id = $1 LIMIT ${rng.int(1, 100)}`)),
      kv("db.operation", str(op.split(" ")[0])),
      kv("server.address", str("db-primary.internal")),
      kv("server.port", int(5432)),
      kv("db.rows_affected", int(rng.int(0, 100))),
    );
  } else {
    attrs.push(
      kv("messaging.system", str("kafka")),
      kv("code.function", str(rng.word(5, 14))),
      kv("code.namespace", str(`shop.${rng.word(4, 8)}`)),
      kv("thread.id", int(rng.int(1, 64))),
      kv("cache.hit", bool(rng.bool())),
    );
  }
  if (rng.bool(0.3)) attrs.push(kv("duration.ratio", dbl(rng.next())));
  return attrs;
}

function span(rng: Prng, traceId: Uint8Array, parent: Uint8Array, start: bigint): Span {
  const op = rng.pick(OPERATIONS);
  const duration = BigInt(rng.int(50_000, 250_000_000));
  const failed = rng.bool(0.05);
  const events: Span["events"] = [];
  if (failed) {
    events.push(create(Span_EventSchema, {
      name: "exception",
      timeUnixNano: start + duration / 2n,
      attributes: [
        kv("exception.type", str("Error")),
        kv("exception.message", str(rng.sentence(8))),
        kv("exception.stacktrace", str(Array.from({ length: 6 }, () => `    at ${rng.word(4, 12)} (/app/src/${rng.word(3, 8)}.js:${rng.int(1, 400)}:${rng.int(1, 80)})`).join("\n"))),
      ],
    }));
  }
  return create(SpanSchema, {
    traceId,
    spanId: rng.bytes(8),
    parentSpanId: parent,
    flags: 1,
    name: op,
    kind: op.startsWith("GET ") || op.startsWith("POST ") ? Span_SpanKind.SERVER : rng.pick([Span_SpanKind.CLIENT, Span_SpanKind.INTERNAL]),
    startTimeUnixNano: start,
    endTimeUnixNano: start + duration,
    attributes: spanAttributes(rng, op),
    events,
    status: { message: failed ? "internal error" : "", code: failed ? Status_StatusCode.ERROR : Status_StatusCode.UNSET },
  });
}

function traces(rng: Prng) {
  let clock = T0;
  return create(TracesDataSchema, {
    resourceSpans: SERVICES.slice(0, 3).map((service) => ({
      resource: resource(rng, service),
      schemaUrl: "https://opentelemetry.io/schemas/1.24.0",
      scopeSpans: ["@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-pg"].map((name) => {
        const spans: Span[] = [];
        while (spans.length < 50) {
          const traceId = rng.bytes(16);
          let parent: Uint8Array = new Uint8Array(0);
          for (let i = rng.int(2, 8); i > 0; i--) {
            const s = span(rng, traceId, parent, (clock += BigInt(rng.int(1000, 5_000_000))));
            spans.push(s);
            parent = s.spanId;
          }
        }
        return { scope: scope(name), spans };
      }),
    })),
  });
}

const LOG_TEMPLATES = [
  (r: Prng) => `request completed method=GET path=/api/v1/users/${r.int(1, 99999)} status=200 duration_ms=${r.int(1, 900)}`,
  (r: Prng) => `cache miss for key user:${r.int(1, 99999)}:profile, loading from database`,
  (r: Prng) => `order ${r.hex(12)} transitioned from PENDING to PAID`,
  (r: Prng) => `retrying request to payments.example.net (attempt ${r.int(1, 5)}/5): ECONNRESET`,
  (r: Prng) => `user ${r.int(1, 99999)} logged in via sso provider=okta mfa=true`,
  (r: Prng) => `slow query detected (${r.int(500, 9000)} ms): SELECT * FROM orders WHERE status = 'open' ORDER BY created_at`,
  (r: Prng) => `${r.sentence(r.int(4, 20))}`,
];
const SEVERITIES: Array<[SeverityNumber, string]> = [
  [SeverityNumber.INFO, "INFO"], [SeverityNumber.INFO, "INFO"], [SeverityNumber.INFO, "INFO"],
  [SeverityNumber.DEBUG, "DEBUG"], [SeverityNumber.WARN, "WARN"], [SeverityNumber.ERROR, "ERROR"],
];

function logs(rng: Prng) {
  let clock = T0;
  const records: LogRecord[] = [];
  for (let i = 0; i < 800; i++) {
    const [severityNumber, severityText] = rng.pick(SEVERITIES);
    const traced = rng.bool(0.7);
    const attributes = [
      kv("log.file.name", str(`${rng.word(4, 10)}.ts`)),
      kv("code.function", str(rng.word(5, 14))),
      kv("thread.name", str(`worker-${rng.int(0, 15)}`)),
    ];
    if (rng.bool(0.5)) attributes.push(kv("http.route", str(rng.pick(ROUTES))));
    if (rng.bool(0.3)) attributes.push(kv("enduser.id", str(String(rng.int(1, 99999)))));
    if (rng.bool(0.2)) attributes.push(kv("retry.count", int(rng.int(0, 5))));
    clock += BigInt(rng.int(10_000, 50_000_000));
    records.push(create(LogRecordSchema, {
      timeUnixNano: clock,
      observedTimeUnixNano: clock + BigInt(rng.int(100_000, 2_000_000)),
      severityNumber,
      severityText,
      body: str(rng.pick(LOG_TEMPLATES)(rng)),
      attributes,
      flags: traced ? 1 : 0,
      traceId: traced ? rng.bytes(16) : new Uint8Array(0),
      spanId: traced ? rng.bytes(8) : new Uint8Array(0),
    }));
  }
  return create(LogsDataSchema, {
    resourceLogs: [{
      resource: resource(rng, "checkout"),
      scopeLogs: [{ scope: scope("pino"), logRecords: records }],
      schemaUrl: "https://opentelemetry.io/schemas/1.24.0",
    }],
  });
}

export function otlpTraces(): Workload {
  return {
    name: "otlp-traces",
    description: "one OTLP-style TracesData: 3 resources x 2 scopes x ~50 spans, 5-13 attributes each",
    schema: TracesDataSchema,
    payloads: [toBinary(TracesDataSchema, traces(new Prng(10)))],
  };
}

export function otlpLogs(): Workload {
  return {
    name: "otlp-logs",
    description: "one OTLP-style LogsData of 800 log records with string bodies and attributes",
    schema: LogsDataSchema,
    payloads: [toBinary(LogsDataSchema, logs(new Prng(11)))],
  };
}
