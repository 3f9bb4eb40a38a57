import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError, cachedRead, unwrap, unwrapOrNull } from "@/lib/api";
import { mediaUrl } from "@/lib/images";
import { client } from "@/sdk/client.gen";
import { cartsCouponApply, cmsNavigationRetrieve } from "@/sdk/sdk.gen";

function fakeFetch(status: number, body: unknown) {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
  );
}

afterEach(() => client.setConfig({ baseUrl: "http://127.0.0.1:8000", fetch: undefined }));

describe("the SDK wrapper", () => {
  it("calls the configured API and returns the data", async () => {
    const fetch = fakeFetch(200, { items: [] });
    client.setConfig({ baseUrl: "http://api.test", fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(unwrap(cmsNavigationRetrieve({ ...cachedRead(["cms"]) }))).resolves.toEqual({ items: [] });
    const [request, init] = fetch.mock.calls[0]!;
    const url = request instanceof Request ? request.url : String(request);
    expect(url).toBe("http://api.test/api/v1/cms/navigation/");
    // A cached public read: revalidated by Next, and never carrying a user's token.
    expect((init as { next?: { revalidate?: number; tags?: string[] } }).next).toEqual({ revalidate: 30, tags: ["cms"] });
    const headers = new Headers(init?.headers ?? (request instanceof Request ? request.headers : undefined));
    expect(headers.get("Authorization")).toBeNull();
  });

  it("turns the contract's error answer into an ApiRequestError with its body", async () => {
    const body = { type: "validation_error", errors: [{ code: "invalid_coupon", detail: "Not valid.", attr: "code" }] };
    client.setConfig({ fetch: fakeFetch(400, body) as unknown as typeof globalThis.fetch });
    const error = await unwrap(cartsCouponApply({ path: { cart_id: "c" }, body: { code: "X" } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error.status).toBe(400);
    expect(error.body).toEqual(body);
    expect(error.message).toBe("Not valid.");
  });

  it("unwrapOrNull answers null for a 404 and throws on other errors", async () => {
    const notFound = { type: "client_error", errors: [{ code: "not_found", detail: "Not found.", attr: null }] };
    client.setConfig({ fetch: fakeFetch(404, notFound) as unknown as typeof globalThis.fetch });
    await expect(unwrapOrNull(cmsNavigationRetrieve())).resolves.toBeNull();
    client.setConfig({ fetch: fakeFetch(500, { type: "server_error", errors: [] }) as unknown as typeof globalThis.fetch });
    await expect(unwrapOrNull(cmsNavigationRetrieve())).rejects.toMatchObject({ status: 500 });
  });

  it("resolves a relative media URL against the API, and keeps an absolute one", () => {
    client.setConfig({ baseUrl: "http://api.test/" });
    expect(mediaUrl("/media/a.jpg")).toBe("http://api.test/media/a.jpg");
    expect(mediaUrl("https://cdn.test/a.jpg")).toBe("https://cdn.test/a.jpg");
  });
});
