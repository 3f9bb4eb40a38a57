import Link from "next/link";

/** "All products › ancestors › this page", the trail of the catalog's pages. */
export function Breadcrumbs({ trail, current }: { trail: { slug: string; name: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        <li>
          <Link href="/products/">All products</Link>
        </li>
        {trail.map((category) => (
          <li key={category.slug}>
            <Link href={`/categories/${category.slug}/`}>{category.name}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
