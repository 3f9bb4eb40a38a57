import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tagsFor, verifySignature } from "@/lib/revalidation";

const secret = "s3cret";
const sign = (body: string, key = secret) => "sha256=" + createHmac("sha256", key).update(body).digest("hex");

describe("verifySignature", () => {
  const body = '{"name":"content.changed","payload":{"kind":"page","paths":["/about/"]}}';
  it("accepts the Django site's signature of the raw body", () => {
    expect(verifySignature(body, sign(body), secret)).toBe(true);
  });
  it("rejects another body, another key, a missing header or no configured secret", () => {
    expect(verifySignature(body + " ", sign(body), secret)).toBe(false);
    expect(verifySignature(body, sign(body, "other"), secret)).toBe(false);
    expect(verifySignature(body, null, secret)).toBe(false);
    expect(verifySignature(body, "sha256=abc", secret)).toBe(false);
    expect(verifySignature(body, sign(body, ""), "")).toBe(false);
  });
});

describe("tagsFor", () => {
  it("names the pages' paths", () => {
    expect(tagsFor({ name: "content.changed", payload: { kind: "page", paths: ["/", "/about/"] } })).toEqual(["page:/", "page:/about/"]);
    expect(tagsFor({ name: "content.changed", payload: { kind: "page", paths: [] } })).toEqual(["pages"]);
  });
  it("names the CMS reads for snippets, and the pages for what page bodies show", () => {
    expect(tagsFor({ name: "content.changed", payload: { kind: "navigation" } })).toEqual(["cms"]);
    expect(tagsFor({ name: "content.changed", payload: { kind: "banners", paths: [] } })).toEqual(["cms", "pages"]);
  });
  it("ignores other events", () => {
    expect(tagsFor({ name: "order.created", payload: { kind: "page", paths: ["/"] } })).toEqual([]);
    expect(tagsFor({})).toEqual([]);
  });
});
