// The benchmark's round orders (bench/lib/timing.ts): every order is a permutation of the
// candidates, and over a full cycle each candidate runs right after each other one equally
// often, so that none always pays for the garbage of the same predecessor.
import { describe, expect, it } from "vitest";
import { balancedOrders } from "../bench/lib/timing.js";

describe("balancedOrders", () => {
  for (let n = 1; n <= 7; n++) {
    it(`${n} candidates`, () => {
      const orders = balancedOrders(n);
      expect(orders.length).toBe(n % 2 === 0 ? n : 2 * n);
      const follows = new Map<string, number>();
      for (const order of orders) {
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        for (let i = 1; i < n; i++) follows.set(`${order[i - 1]}>${order[i]}`, (follows.get(`${order[i - 1]}>${order[i]}`) ?? 0) + 1);
      }
      expect(follows.size).toBe(n * (n - 1));
      expect(new Set(follows.values()).size).toBeLessThanOrEqual(1);
    });
  }
});
