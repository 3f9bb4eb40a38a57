import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Footer } from "@/components/Footer";
import { Header } from "@/components/Header";
import { Providers } from "@/components/Providers";
import { browserApiBaseUrl, isBuildPhase } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Storefront", template: "%s · Storefront" },
  description: "A headless storefront on the Storefront API.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // `next build` has no API to read (and STOREFRONT_API_URL is only known at start): a route the build would
  // prerender (the cart, the 404 page) is rendered per request instead. The public pages are not prerendered at all
  // (their generateStaticParams list nothing): each is rendered at its first request and then served from the
  // full-route cache. Nothing in this layout depends on the visitor (the cart count is fetched by the browser).
  if (isBuildPhase()) await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers apiUrl={browserApiBaseUrl()}>
          <Header />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <Footer />
        </Providers>
      </body>
    </html>
  );
}
