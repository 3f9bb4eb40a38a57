"use client";

import { useEffect, useRef, type ReactNode } from "react";
import styles from "./listing.module.css";

/** The filters, open on wide screens and folded behind "Filter and sort" on narrow ones, unless a filter in the
 * URL was wrong: then its message stays in sight. */
export function FiltersPanel({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel || !window.matchMedia("(max-width: 760px)").matches) return;
    if (!panel.querySelector('[aria-invalid="true"], .field-error')) panel.open = false;
  }, []);
  return (
    <details ref={ref} open className={styles.panel}>
      <summary>Filter and sort</summary>
      {children}
    </details>
  );
}
