/**
 * POST /revalidate/: where the Django site's FRONTEND_REVALIDATE_URL points. A signed `content.changed` event
 * makes the cached API reads it names stale at once (otherwise they refresh every 30 s on their own).
 * STOREFRONT_REVALIDATE_SECRET is the Django site's WEBHOOK_SECRET.
 */
import { revalidateTag } from "next/cache";
import { NextResponse, type NextRequest } from "next/server";
import { tagsFor, verifySignature } from "@/lib/revalidation";

export async function POST(request: NextRequest) {
  const secret = process.env["STOREFRONT_REVALIDATE_SECRET"] ?? "";
  if (!secret) return NextResponse.json({ detail: "Revalidation is not configured." }, { status: 503 });
  const body = await request.text();
  if (!verifySignature(body, request.headers.get("x-storefront-signature"), secret)) {
    return NextResponse.json({ detail: "Bad signature." }, { status: 401 });
  }
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return NextResponse.json({ detail: "Not JSON." }, { status: 400 });
  }
  const tags = tagsFor(event as Parameters<typeof tagsFor>[0]);
  for (const tag of tags) revalidateTag(tag);
  return NextResponse.json({ revalidated: tags });
}
