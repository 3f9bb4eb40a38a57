import Link from "next/link";
import type { ComponentProps } from "react";

/** A link from the CMS: a site path stays in this app (client navigation), a full URL leaves it. */
export function SiteLink({ href, ...rest }: Omit<ComponentProps<"a">, "href"> & { href: string }) {
  if (href.startsWith("/") && !href.startsWith("//")) return <Link href={href} {...rest} />;
  return <a href={href} rel="noopener" {...rest} />;
}
