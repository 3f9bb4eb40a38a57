/**
 * The Django site's `content.changed` webhook (home/revalidation.py): signed like its other webhooks,
 * `X-Storefront-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the shared secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { PAGES_TAG, pageTag } from "./content";
import { CMS_TAG } from "./tags";

export function verifySignature(rawBody: string, header: string | null, secret: string): boolean {
  if (!secret || !header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("hex"));
  const given = Buffer.from(header.slice("sha256=".length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type ContentChanged = { name?: string; payload?: { kind?: string; paths?: unknown } };

/** The cache tags an event makes stale. Unknown events change nothing. */
export function tagsFor(event: ContentChanged): string[] {
  if (event.name !== "content.changed" || !event.payload) return [];
  const { kind, paths } = event.payload;
  const list = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string") : [];
  switch (kind) {
    case "page":
      return list.length ? list.map(pageTag) : [PAGES_TAG];
    case "navigation":
    case "footer":
      return [CMS_TAG];
    case "banners":
    case "guarantees":
      return [CMS_TAG, PAGES_TAG]; // shown inside page bodies (banner slots, guarantee strips)
    default:
      return [];
  }
}
