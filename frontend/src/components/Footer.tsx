import type { Footer as FooterData } from "@/sdk/types.gen";
import { getFooter } from "@/lib/server-data";
import styles from "./Footer.module.css";
import { SiteLink } from "./SiteLink";

const NETWORK_NAMES: Record<string, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  x: "X",
  youtube: "YouTube",
  tiktok: "TikTok",
  pinterest: "Pinterest",
  linkedin: "LinkedIn",
};

export async function Footer() {
  const footer = await getFooter().catch(() => null);
  if (!footer) return <footer className={styles.footer} />;
  return <FooterView footer={footer} />;
}

/** The footer for its data: the live one, or a draft in /preview/. */
export function FooterView({ footer }: { footer: FooterData }) {
  return (
    <footer className={styles.footer}>
      <div className={styles.columns}>
        {footer.columns.map((column, index) => (
          <section key={column.title} aria-labelledby={`footer-col-${index}`}>
            <h2 id={`footer-col-${index}`}>{column.title}</h2>
            <ul>
              {column.links.map((link) => (
                <li key={`${link.label}-${link.url}`}>
                  <SiteLink href={link.url || "#"}>{link.label}</SiteLink>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {footer.social.length > 0 && (
        <ul className={styles.social} aria-label="Follow us">
          {footer.social.map((s) => (
            <li key={s.url}>
              <a href={s.url} rel="noopener">
                {NETWORK_NAMES[s.network] ?? s.network}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className={styles.copyright}>{footer.copyright}</p>
    </footer>
  );
}
