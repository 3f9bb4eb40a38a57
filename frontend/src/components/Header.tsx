import Link from "next/link";
import type { Navigation } from "@/sdk/types.gen";
import { getNavigation } from "@/lib/server-data";
import { CartLink } from "./cart/CartLink";
import styles from "./Header.module.css";
import { SiteLink } from "./SiteLink";

export async function Header() {
  const navigation = await getNavigation().catch(() => ({ items: [] }));
  return <HeaderView navigation={navigation} />;
}

/** The header for a navigation tree: the live one, or a draft in /preview/. */
export function HeaderView({ navigation, preview = false }: { navigation: Navigation; preview?: boolean }) {
  const searchId = preview ? "preview-site-search" : "site-search";
  return (
    <header className={styles.header}>
      <div className={styles.bar}>
        <Link href="/" className={styles.brand}>
          Storefront
        </Link>
        <form action="/search/" role="search" className={styles.search}>
          <label htmlFor={searchId} className="visually-hidden">
            Search products
          </label>
          <input id={searchId} name="q" type="search" placeholder="Search products" />
          <button type="submit">Search</button>
        </form>
        <Link href="/account/" className="account-link">
          Account
        </Link>
        <CartLink />
      </div>
      <nav aria-label={preview ? "Main (preview)" : "Main"} className={styles.nav}>
        <ul>
          {navigation.items.map((item) => (
            <li key={`${item.label}-${item.url}`} className={item.children.length ? styles.hasChildren : undefined}>
              <SiteLink href={item.url || "#"}>{item.label}</SiteLink>
              {item.children.length > 0 && (
                <ul className={styles.children}>
                  {item.children.map((child) => (
                    <li key={`${child.label}-${child.url}`}>
                      <SiteLink href={child.url || "#"}>{child.label}</SiteLink>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
