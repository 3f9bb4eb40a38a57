import type { NextConfig } from "next";

// STOREFRONT_API_URL is read at run time (src/lib/env.ts) on the server, and handed to the browser by the root
// layout, so one build can be started against any Django site (`STOREFRONT_API_URL=... npm start`).
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  trailingSlash: true, // the Wagtail and shop paths end with a slash
};

export default nextConfig;
