import { compareMoney, formatMoney, percentOff } from "@/lib/money";
import styles from "./catalog.module.css";

export function Price({ price, salePrice, currency }: { price: string; salePrice: string; currency: string }) {
  const onSale = compareMoney(salePrice, price) < 0;
  if (!onSale) return <span className={styles.price}>{formatMoney(price, currency)}</span>;
  return (
    <span className={styles.price}>
      <span className={styles.sale}>
        <span className="visually-hidden">Sale price </span>
        {formatMoney(salePrice, currency)}
      </span>{" "}
      <s className={styles.was}>
        <span className="visually-hidden">was </span>
        {formatMoney(price, currency)}
      </s>{" "}
      <span className={styles.badge}>−{percentOff(price, salePrice)}%</span>
    </span>
  );
}
