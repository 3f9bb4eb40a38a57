/** The API's error shape (drf-standardized-errors), mapped onto form fields. */

export type ApiErrorItem = { code: string; detail: string; attr: string | null };
export type ApiError = { type: "validation_error" | "client_error" | "server_error"; errors: ApiErrorItem[] };

export type FieldErrors = {
  /** Messages by the dotted `attr` of the input field they name. */
  fields: Record<string, string[]>;
  /** Messages for no field (attr null, `non_field_errors`, or a field this form does not show). */
  general: string[];
  /** Every error code, for a caller that reacts to one (e.g. `cart_checked_out`). */
  codes: string[];
};

export const GENERIC_MESSAGE = "Something went wrong. Please try again.";

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { type?: unknown; errors?: unknown };
  return typeof v.type === "string" && Array.isArray(v.errors);
}

/**
 * Groups an error answer by field. `knownFields` are the attrs the form shows; an error naming any other attr
 * (or none) lands in `general`, so no message is ever dropped. An attr under a known prefix ending in "."
 * (e.g. "shipping_address." covers "shipping_address.city") counts as known.
 */
export function mapApiErrors(error: unknown, knownFields?: readonly string[]): FieldErrors {
  const out: FieldErrors = { fields: {}, general: [], codes: [] };
  if (!isApiError(error)) {
    out.general.push(error instanceof Error && error.message ? networkMessage(error) : GENERIC_MESSAGE);
    return out;
  }
  for (const item of error.errors) {
    out.codes.push(item.code);
    const attr = item.attr && item.attr !== "non_field_errors" ? item.attr : null;
    const detail = item.detail || GENERIC_MESSAGE;
    if (attr && isKnown(attr, knownFields)) {
      (out.fields[attr] ??= []).push(detail);
    } else {
      out.general.push(detail);
    }
  }
  if (!error.errors.length) out.general.push(GENERIC_MESSAGE);
  return out;
}

function isKnown(attr: string, knownFields?: readonly string[]): boolean {
  if (!knownFields) return true;
  return knownFields.some((f) => f === attr || (f.endsWith(".") && attr.startsWith(f)));
}

function networkMessage(error: Error): string {
  return error.name === "TypeError" ? "The shop could not be reached. Check your connection and try again." : GENERIC_MESSAGE;
}

/** The messages for one field, joined for an aria-describedby target; undefined when there are none. */
export function fieldMessage(errors: FieldErrors | null | undefined, attr: string): string | undefined {
  const messages = errors?.fields[attr];
  return messages?.length ? messages.join(" ") : undefined;
}
