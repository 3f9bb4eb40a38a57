import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Footer } from "@/components/Footer";
import { Header } from "@/components/Header";
import { Providers } from "@/components/Providers";
import { browserApiBaseUrl } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Storefront", template: "%s · Storefront" },
  description: "A headless storefront on the Storefront API.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request (the API's answers are cached for a short while instead), so one build serves any
  // STOREFRONT_API_URL given at start and the build itself needs no running API.
  await connection();
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
