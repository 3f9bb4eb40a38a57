"use client";

import { useState } from "react";
import type { Image } from "@/sdk/types.gen";
import { mediaUrl } from "@/lib/images";
import styles from "./product.module.css";

export function Gallery({ images, name }: { images: Image[]; name: string }) {
  const [index, setIndex] = useState(0);
  const current = images[index] ?? images[0];
  if (!current) return <div className={styles.noImage} aria-hidden="true" />;
  return (
    <div className={styles.gallery}>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img
        src={mediaUrl(current.url)}
        width={current.width}
        height={current.height}
        alt={current.alt || name}
        className={styles.mainImage}
      />
      {images.length > 1 && (
        <ul className={styles.thumbs} aria-label="Product images">
          {images.map((image, i) => (
            <li key={image.url}>
              <button
                type="button"
                className={styles.thumb}
                aria-pressed={i === index}
                aria-label={`Show image ${i + 1} of ${images.length}`}
                onClick={() => setIndex(i)}
              >
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={mediaUrl(image.url)} width={80} height={80} alt="" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
