"use client";

import { useEffect, useRef, type ReactNode } from "react";
import styles from "./listing.module.css";

/** The filters, open on wide screens and folded behind "Filter and sort" on narrow ones. */
export function FiltersPanel({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current && window.matchMedia("(max-width: 760px)").matches) ref.current.open = false;
  }, []);
  return (
    <details ref={ref} open className={styles.panel}>
      <summary>Filter and sort</summary>
      {children}
    </details>
  );
}
