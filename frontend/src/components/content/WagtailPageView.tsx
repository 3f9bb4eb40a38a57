import type { WagtailPage } from "@/lib/content";
import { StreamBody } from "./StreamBody";

/** A Wagtail page (home or content), live or draft: the same markup for both. */
export function WagtailPageView({ page }: { page: WagtailPage }) {
  const body = page.body ?? [];
  const heroFirst = body[0]?.type === "hero";
  const isHome = page.meta.type === "home.HomePage";
  return (
    <article data-page-type={page.meta.type}>
      {!heroFirst && <h1 className={isHome ? "visually-hidden" : undefined}>{page.title}</h1>}
      {"intro" in page && page.intro && <p className="muted">{page.intro}</p>}
      <StreamBody blocks={body} />
    </article>
  );
}
