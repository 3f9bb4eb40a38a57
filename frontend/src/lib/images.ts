import { client } from "@/sdk/client.gen";

/** Image URLs from the API are absolute; a relative one (older servers) is resolved against the API's origin. */
export function mediaUrl(url: string, base: string = client.getConfig().baseUrl ?? ""): string {
  if (/^https?:\/\//i.test(url)) return url;
  return base ? new URL(url, `${base.replace(/\/+$/, "")}/`).toString() : url;
}
