import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { RawSearchParams } from "@/lib/product-query";
import { getCategory } from "@/lib/server-data";
import { Breadcrumbs } from "./Breadcrumbs";
import { ProductListing } from "./ProductListing";

export async function categoryMetadata(slug: string): Promise<Metadata> {
  const category = await getCategory(slug);
  return category ? { title: category.name, description: category.description || undefined } : {};
}

/** A category's page: the same for the per-request route (filters) and its cached twin (src/lib/listing-cache.ts). */
export async function CategoryView({ slug, searchParams }: { slug: string; searchParams: RawSearchParams }) {
  const category = await getCategory(slug);
  if (!category) notFound();
  return (
    <>
      <Breadcrumbs trail={category.ancestors} current={category.name} />
      <h1>{category.name}</h1>
      {category.description && <p className="muted">{category.description}</p>}
      {category.children.length > 0 && (
        <ul aria-label="Subcategories" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", listStyle: "none", padding: 0 }}>
          {category.children.map((c) => (
            <li key={c.slug}>
              <Link href={`/categories/${c.slug}/`} className="button button-secondary">
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ProductListing
        pathname={`/categories/${slug}/`}
        searchParams={searchParams}
        fixed={{ category: slug }}
        showCategoryFilter={false}
      />
    </>
  );
}
