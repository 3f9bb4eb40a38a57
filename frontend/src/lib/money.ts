/** Money arrives as decimal strings ("19.99"); arithmetic is done in integer cents, never in floats. */

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint {
  const match = MONEY.exec(amount.trim());
  if (!match) throw new Error(`not a money amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, frac = ""] = match;
  const cents = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, "0"));
  return sign ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

export function addMoney(...amounts: string[]): string {
  return fromCents(amounts.reduce((sum, a) => sum + toCents(a), 0n));
}

export function subtractMoney(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

export function multiplyMoney(amount: string, quantity: number): string {
  if (!Number.isInteger(quantity)) throw new Error("quantity must be an integer");
  return fromCents(toCents(amount) * BigInt(quantity));
}

export function compareMoney(a: string, b: string): number {
  const d = toCents(a) - toCents(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** "1234.50", "USD" -> "$1,234.50". Intl formats the decimal string itself (no float conversion). */
export function formatMoney(amount: string, currency: string, locale = "en-US"): string {
  const normalised = fromCents(toCents(amount));
  const format = new Intl.NumberFormat(locale, { style: "currency", currency }).format as (v: string) => string;
  return format(normalised);
}

/** A whole percentage saved, for a "−20%" badge: floor((price − sale) / price × 100), in integers. */
export function percentOff(price: string, salePrice: string): number {
  const p = toCents(price);
  const s = toCents(salePrice);
  if (p <= 0n || s >= p) return 0;
  return Number(((p - s) * 100n) / p);
}
