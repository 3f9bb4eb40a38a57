import { afterEach, describe, expect, it, vi } from "vitest";
import { addToCart, isStaleCart, loadCart, removeLine } from "@/components/cart/cart-api";
import { client } from "@/sdk/client.gen";

type Answer = { status: number; body?: unknown };

/** The JSON bodies the last fakeApi() was sent, in order (null for none). */
let sent: unknown[] = [];

/** A fake API: answers in order, and records what was asked (method and path; the bodies in `sent`). */
function fakeApi(...answers: Answer[]) {
  const calls: string[] = [];
  sent = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const text = await request.text();
    sent.push(text ? JSON.parse(text) : null);
    const answer = answers.shift() ?? { status: 500, body: { type: "server_error", errors: [] } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  });
  client.setConfig({ baseUrl: "http://api.test", fetch: fetch as unknown as typeof globalThis.fetch });
  return calls;
}

const cart = (id: string, count = 1) => ({ id, item_count: count, items: [], currency: "USD" });
const error = (code: string, attr: string | null = null) => ({
  type: code === "not_found" ? "client_error" : "validation_error",
  errors: [{ code, detail: `It is ${code}.`, attr }],
});

afterEach(() => client.setConfig({ baseUrl: "http://127.0.0.1:8000", fetch: undefined }));

describe("the cart's API calls", () => {
  it("creates a cart on the first add, then adds to it", async () => {
    const calls = fakeApi({ status: 201, body: cart("new") }, { status: 201, body: cart("new", 2) });
    await expect(addToCart(null, "mug", 2)).resolves.toMatchObject({ id: "new", item_count: 2 });
    expect(calls).toEqual(["POST /api/v1/carts/", "POST /api/v1/carts/new/items/"]);
  });

  it("adds to the stored cart without creating one", async () => {
    const calls = fakeApi({ status: 201, body: cart("kept", 3) });
    await expect(addToCart("kept", "mug", 1)).resolves.toMatchObject({ id: "kept" });
    expect(calls).toEqual(["POST /api/v1/carts/kept/items/"]);
    expect(sent).toEqual([{ product: "mug", quantity: 1 }]); // a product without options: its slug alone
  });

  it("sends the chosen variant's SKU beside the product's slug", async () => {
    const calls = fakeApi({ status: 201, body: cart("new") }, { status: 201, body: cart("new") });
    await expect(addToCart(null, "oxford-shirt", 2, "OXF-BLK-M")).resolves.toMatchObject({ id: "new" });
    expect(calls).toEqual(["POST /api/v1/carts/", "POST /api/v1/carts/new/items/"]);
    expect(sent[1]).toEqual({ product: "oxford-shirt", variant: "OXF-BLK-M", quantity: 2 });
  });

  it("throws variant_required for the form to show next to the option pickers", async () => {
    const body = error("variant_required", "variant");
    fakeApi({ status: 400, body });
    await expect(addToCart("kept", "oxford-shirt", 1)).rejects.toEqual(body);
  });

  it("starts a fresh cart when the stored one became an order or is gone", async () => {
    for (const code of ["cart_checked_out", "not_found"]) {
      const calls = fakeApi(
        { status: code === "not_found" ? 404 : 400, body: error(code) },
        { status: 201, body: cart("fresh") },
        { status: 201, body: cart("fresh") },
      );
      await expect(addToCart("old", "mug", 1)).resolves.toMatchObject({ id: "fresh" });
      expect(calls).toEqual(["POST /api/v1/carts/old/items/", "POST /api/v1/carts/", "POST /api/v1/carts/fresh/items/"]);
    }
  });

  it("throws any other error as the contract's body, for the form to show next to its field", async () => {
    const body = error("max_value", "quantity");
    const calls = fakeApi({ status: 400, body });
    await expect(addToCart("kept", "mug", 99)).rejects.toEqual(body);
    expect(calls).toHaveLength(1); // no fresh cart for a quantity error
  });

  it("loads the stored cart, answers null for a stale one, and throws the rest", async () => {
    fakeApi({ status: 200, body: cart("kept", 4) });
    await expect(loadCart("kept")).resolves.toMatchObject({ item_count: 4 });
    fakeApi({ status: 404, body: error("not_found") });
    await expect(loadCart("gone")).resolves.toBeNull();
    fakeApi({ status: 500, body: { type: "server_error", errors: [{ code: "error", detail: "Boom.", attr: null }] } });
    await expect(loadCart("kept")).rejects.toMatchObject({ type: "server_error" });
  });

  it("changes a line of the given cart", async () => {
    const calls = fakeApi({ status: 200, body: cart("kept", 0) });
    await expect(removeLine("kept", 7)).resolves.toMatchObject({ item_count: 0 });
    expect(calls).toEqual(["DELETE /api/v1/carts/kept/items/7/"]);
  });

  it("tells a stale cart from other errors", () => {
    expect(isStaleCart(error("cart_checked_out"))).toBe(true);
    expect(isStaleCart(error("not_found"))).toBe(true);
    expect(isStaleCart(error("invalid_coupon", "code"))).toBe(false);
    expect(isStaleCart(new TypeError("fetch failed"))).toBe(false);
  });
});
