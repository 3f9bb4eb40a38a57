import { describe, expect, it } from "vitest";
import { addMoney, compareMoney, formatMoney, fromCents, multiplyMoney, percentOff, subtractMoney, toCents } from "@/lib/money";

describe("money as decimal strings", () => {
  it("parses to integer cents", () => {
    expect(toCents("19.99")).toBe(1999n);
    expect(toCents("5")).toBe(500n);
    expect(toCents("0.5")).toBe(50n);
    expect(toCents("-3.10")).toBe(-310n);
    expect(() => toCents("1.999")).toThrow();
    expect(() => toCents("abc")).toThrow();
    expect(() => toCents("1e3")).toThrow();
  });

  it("adds without float error (0.10 + 0.20 is 0.30)", () => {
    expect(addMoney("0.10", "0.20")).toBe("0.30");
    expect(addMoney("56.79", "30.39", "5.00")).toBe("92.18");
    expect(addMoney()).toBe("0.00");
  });

  it("subtracts, multiplies by a quantity and compares", () => {
    expect(subtractMoney("56.79", "5.68")).toBe("51.11");
    expect(subtractMoney("1.00", "1.01")).toBe("-0.01");
    expect(multiplyMoney("19.99", 3)).toBe("59.97");
    expect(() => multiplyMoney("1.00", 1.5)).toThrow();
    expect(compareMoney("10.00", "10")).toBe(0);
    expect(compareMoney("9.99", "10.00")).toBe(-1);
    expect(compareMoney("10.01", "10.00")).toBe(1);
  });

  it("round-trips cents", () => {
    expect(fromCents(0n)).toBe("0.00");
    expect(fromCents(7n)).toBe("0.07");
    expect(fromCents(-1234n)).toBe("-12.34");
  });

  it("formats in the store's currency, exactly", () => {
    expect(formatMoney("1234.5", "USD")).toBe("$1,234.50");
    expect(formatMoney("0.07", "USD")).toBe("$0.07");
    // A float would print 9007199254740993 as ...992; the decimal string stays exact.
    expect(formatMoney("9007199254740993.01", "USD")).toBe("$9,007,199,254,740,993.01");
    expect(formatMoney("19.99", "EUR", "de-DE")).toBe("19,99\u00a0€");
  });

  it("computes a whole percentage off", () => {
    expect(percentOff("70.99", "56.79")).toBe(20);
    expect(percentOff("157.99", "134.29")).toBe(15);
    expect(percentOff("10.00", "10.00")).toBe(0);
    expect(percentOff("0.00", "0.00")).toBe(0);
  });
});
