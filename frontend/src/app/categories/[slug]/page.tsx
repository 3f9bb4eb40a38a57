import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProductListing } from "@/components/catalog/ProductListing";
import type { RawSearchParams } from "@/lib/product-query";
import { getCategory } from "@/lib/server-data";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const category = await getCategory((await params).slug);
  return category ? { title: category.name, description: category.description || undefined } : {};
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const category = await getCategory(slug);
  if (!category) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link href="/products/">All products</Link>
          </li>
          {category.ancestors.map((a) => (
            <li key={a.slug}>
              <Link href={`/categories/${a.slug}/`}>{a.name}</Link>
            </li>
          ))}
          <li aria-current="page">{category.name}</li>
        </ol>
      </nav>
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
        searchParams={await searchParams}
        fixed={{ category: slug }}
        showCategoryFilter={false}
      />
    </>
  );
}
