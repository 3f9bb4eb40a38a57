import type { NextConfig } from "next";
import { listingRedirects, listingRewrites } from "./src/lib/listing-cache";

// STOREFRONT_API_URL is read at run time (src/lib/env.ts) on the server, and handed to the browser by the root
// layout, so one build can be started against any Django site (`STOREFRONT_API_URL=... npm start`).
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // An ETag is a hash of the whole page, computed again on every request (a tenth of a cached page's cost, measured);
  // browsers do not keep these pages, so a 304 rarely saves anything.
  generateEtags: false,
  trailingSlash: true, // the Wagtail and shop paths end with a slash
  experimental: {
    // The full-route cache (public pages, rendered at first request) and the data cache live in this process's
    // memory only: a restart against another STOREFRONT_API_URL never serves a page rendered for the previous one,
    // and nothing is written to disk per render.
    isrFlushToDisk: false,
  },
  // Unfiltered product listings are served from the full-route cache (src/lib/listing-cache.ts).
  async rewrites() {
    return { beforeFiles: listingRewrites(), afterFiles: [], fallback: [] };
  },
  async redirects() {
    return listingRedirects();
  },
  async headers() {
    return [
      {
        // The RSC payload of a client navigation or prefetch (a cached page's too, which Next would mark
        // `s-maxage`): not for the browser's HTTP cache (Next's router keeps its own). Stored there, two identical
        // prefetches in flight at once (a link in the header and the same link in the page) leave Chromium holding
        // the second behind the first's cache entry for 30 s, and any click on that link waits with it.
        source: "/:path*",
        has: [{ type: "header", key: "rsc", value: "1" }],
        headers: [{ key: "Cache-Control", value: "private, no-store" }],
      },
    ];
  },
};

export default nextConfig;
