import { fromBinary, MissingRequiredError } from "protowasm";
import { OrderSchema } from "./gen/order_pb.js";

// An Order whose id is missing, with one Item whose sku is missing: items { quantity: 2 }.
const bytes = new Uint8Array([0x12, 0x02, 0x10, 0x02]);

// By default decode accepts it, as @bufbuild/protobuf does.
console.log(fromBinary(OrderSchema, bytes).items[0].quantity);

// allowPartial: false lists every required field that is not set (toBinary takes it too).
try {
  fromBinary(OrderSchema, bytes, { allowPartial: false });
} catch (e) {
  if (e instanceof MissingRequiredError) console.log(e.paths);
}
