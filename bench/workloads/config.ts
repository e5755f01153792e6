// Workload 5: configuration documents: deep nesting (recursive condition trees), map<string,string>,
// map<int32,Route>, map<string,Cluster>, oneofs, enums, optional fields and Durations.
import { create, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  Cluster_LbPolicy, ConditionSchema, Environment, Listener_Protocol, Match_Op, Rule_Effect, ServiceConfigSchema,
  type ClusterSchema, type Condition, type EndpointSchema, type FilterChainSchema, type FilterSchema, type ListenerSchema, type RouteSchema, type RuleSchema,
} from "../gen/config_pb.js";
import { Prng } from "./prng.js";
import type { Workload } from "./types.js";

const ATTRIBUTES = ["request.path", "request.method", "source.ip", "principal.email", "request.header.x-tenant",
  "destination.port", "request.time", "connection.sni"];

const duration = (rng: Prng, maxSeconds: number) => ({ seconds: BigInt(rng.int(0, maxSeconds)), nanos: rng.int(0, 9) * 100_000_000 });

function condition(rng: Prng, depth: number): Condition {
  const leaf = depth >= 5 || rng.bool(0.25 + depth * 0.1);
  if (leaf) {
    const values: string[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) values.push(rng.pick(["/admin", "/api/", "GET", "10.0.0.0/8", "eu", rng.word(4, 12)]));
    return create(ConditionSchema, {
      kind: { case: "match", value: { attribute: rng.pick(ATTRIBUTES), op: rng.pick([Match_Op.EQUALS, Match_Op.PREFIX, Match_Op.IN, Match_Op.REGEX]), values } },
    });
  }
  if (rng.bool(0.15)) return create(ConditionSchema, { kind: { case: "not", value: condition(rng, depth + 1) } });
  const conditions: Condition[] = [];
  for (let i = rng.int(2, 3); i > 0; i--) conditions.push(condition(rng, depth + 1));
  return create(ConditionSchema, { kind: { case: rng.bool() ? "all" : "any", value: { conditions } } });
}

function filter(rng: Prng): MessageInitShape<typeof FilterSchema> {
  switch (rng.int(0, 2)) {
    case 0:
      return { name: "envoy.filters.http.ratelimit", config: { case: "rateLimit", value: { requestsPerUnit: rng.int(10, 5000), unit: duration(rng, 60), burst: rng.int(0, 100) } } };
    case 1:
      return { name: "envoy.filters.http.header_mutation", config: { case: "headerRewrite", value: { set: { "x-envoy-upstream": rng.word(), "x-request-source": "edge" }, remove: ["x-internal-debug", "server"] } } };
    default:
      return { name: "envoy.filters.http.jwt_authn", config: { case: "auth", value: { method: rng.bool() ? { case: "jwtIssuer", value: `https://auth.example.com/${rng.word()}` } : { case: "mtls", value: { allowedSubjects: [`CN=${rng.word()}.svc`, `CN=${rng.word()}.svc`] } } } } };
  }
}

function route(rng: Prng, clusters: string[]): MessageInitShape<typeof RouteSchema> {
  const action = rng.int(0, 5);
  return {
    prefix: `/${rng.word()}/${rng.word()}`,
    timeout: duration(rng, 30),
    retry: rng.bool(0.6) ? { attempts: rng.int(1, 5), perTryTimeout: duration(rng, 5), retryOnStatus: [502, 503, 504] } : undefined,
    headers: rng.bool(0.4) ? [{ name: "x-canary", match: { case: "exact", value: "true" } }, { name: "authorization", match: { case: "present", value: true }, invert: false }] : [],
    action: action === 0 ? { case: "redirect", value: `https://www.example.com/${rng.word()}` }
      : action === 1 ? { case: "weighted", value: { weights: { [clusters[0]]: 90, [clusters[1]]: 10 } } }
      : { case: "cluster", value: rng.pick(clusters) },
  };
}

function serviceConfig(rng: Prng, i: number) {
  const clusterNames: string[] = [];
  for (let c = rng.int(5, 12); c > 0; c--) clusterNames.push(`${rng.word(4, 9)}-${rng.pick(["v1", "v2", "canary"])}`);
  const clusters: Record<string, MessageInitShape<typeof ClusterSchema>> = {};
  for (const name of clusterNames) {
    const endpoints: MessageInitShape<typeof EndpointSchema>[] = [];
    for (let e = rng.int(2, 8); e > 0; e--) endpoints.push({ host: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, port: 8080, weight: rng.int(1, 100), metadata: { zone: rng.pick(["a", "b", "c"]), version: "v1" } });
    clusters[name] = {
      name, lbPolicy: rng.pick([Cluster_LbPolicy.ROUND_ROBIN, Cluster_LbPolicy.LEAST_REQUEST, Cluster_LbPolicy.RING_HASH]),
      endpoints, healthCheck: { path: "/healthz", interval: duration(rng, 10), unhealthyThreshold: 3, healthyThreshold: 2 },
      maxRequests: rng.bool() ? rng.int(100, 10000) : undefined, connectTimeout: duration(rng, 5),
    };
  }
  const routesByPort: Record<number, MessageInitShape<typeof RouteSchema>> = {};
  for (let r = rng.int(10, 25); r > 0; r--) routesByPort[rng.int(1024, 65535)] = route(rng, clusterNames);
  const listeners: MessageInitShape<typeof ListenerSchema>[] = [];
  for (let l = rng.int(2, 4); l > 0; l--) {
    const filterChains: MessageInitShape<typeof FilterChainSchema>[] = [];
    for (let f = rng.int(1, 3); f > 0; f--) {
      const filters: MessageInitShape<typeof FilterSchema>[] = [];
      for (let k = rng.int(2, 5); k > 0; k--) filters.push(filter(rng));
      filterChains.push({ match: { "server_names": `${rng.word()}.example.com`, "transport_protocol": "tls" }, filters });
    }
    listeners.push({
      name: `listener_${l}`, address: "0.0.0.0", port: rng.pick([80, 443, 8443, 9090]),
      protocol: rng.pick([Listener_Protocol.HTTP1, Listener_Protocol.HTTP2, Listener_Protocol.GRPC]),
      tls: rng.bool(0.7) ? { certFile: "/etc/tls/tls.crt", keyFile: "/etc/tls/tls.key", alpn: ["h2", "http/1.1"], minVersion: rng.bool() ? 771 : undefined } : undefined,
      filterChains,
    });
  }
  const rules: MessageInitShape<typeof RuleSchema>[] = [];
  for (let r = rng.int(8, 16); r > 0; r--) {
    rules.push({ id: `rule-${rng.hex(8)}`, condition: condition(rng, 0), effect: rng.pick([Rule_Effect.ALLOW, Rule_Effect.DENY, Rule_Effect.LOG]), priority: rng.int(-10, 100) });
  }
  return create(ServiceConfigSchema, {
    name: `service-${i}`,
    version: `2024.${rng.int(1, 12)}.${rng.int(0, 30)}`,
    environment: rng.pick([Environment.DEV, Environment.STAGING, Environment.PROD]),
    labels: { team: rng.word(), "cost-center": String(rng.int(1000, 9999)), tier: rng.pick(["frontend", "backend", "data"]), "app.kubernetes.io/name": rng.word() },
    listeners,
    routesByPort,
    clusters,
    rules,
    debug: i % 3 === 0 ? false : undefined,
  });
}

export function configWorkload(): Workload {
  const rng = new Prng(40);
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < 12; i++) payloads.push(toBinary(ServiceConfigSchema, serviceConfig(rng, i)));
  return {
    name: "config",
    description: "12 service configs: nested listeners/filters, map<int32,Route>, map<string,Cluster>, recursive condition trees, oneofs, enums",
    schema: ServiceConfigSchema,
    payloads,
  };
}
