import type { Metadata } from "next";
import { ProductListing } from "@/components/catalog/ProductListing";
import type { RawSearchParams } from "@/lib/product-query";

type Props = { searchParams: Promise<RawSearchParams> };

function text(params: RawSearchParams): string {
  const q = Array.isArray(params.q) ? params.q[0] : params.q;
  return (q ?? "").trim();
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = text(await searchParams);
  return { title: q ? `Search: ${q}` : "Search" };
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = text(params);
  return (
    <>
      <h1>{q ? `Results for “${q}”` : "Search"}</h1>
      <form action="/search/" role="search" className="field" style={{ maxWidth: 520 }}>
        <label htmlFor="search-q">Search products</label>
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <input id="search-q" name="q" type="search" defaultValue={q} style={{ flex: 1 }} />
          <button type="submit">Search</button>
        </div>
      </form>
      {q ? (
        <ProductListing pathname="/search/" searchParams={params} fixed={{ search: q }} />
      ) : (
        <p>Type what you are looking for: a product, a brand or a category.</p>
      )}
    </>
  );
}
