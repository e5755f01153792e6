// The JSON helpers of @bufbuild/protobuf, re-exported so that one import covers the common
// needs (the seed's to_dict / to_json): the ProtoJSON form of the same message objects.

export { toJson, fromJson, toJsonString, fromJsonString, mergeFromJson } from "@bufbuild/protobuf";
export type { JsonReadOptions, JsonWriteOptions, JsonValue, JsonObject } from "@bufbuild/protobuf";
