import { describe, expect, it } from "vitest";
import { listingHref, listingParams, pageCount } from "@/lib/product-query";

describe("listingParams", () => {
  it("maps the URL onto the API's filters", () => {
    const { query, problems } = listingParams({
      category: "clothing",
      brand: ["alder-co", "fjord-pine"],
      min_price: "10",
      max_price: "99.50",
      in_stock: "true",
      ordering: "-price",
      page: "3",
    });
    expect(problems).toEqual({});
    expect(query).toEqual({
      category: "clothing",
      brand: "alder-co,fjord-pine",
      min_price: 10,
      max_price: 99.5,
      in_stock: "true",
      ordering: "-price",
      page: 3,
      page_size: 24,
    });
  });

  it("turns ticked attribute values into the API's attr.<name> filters", () => {
    const { query, problems } = listingParams({ attr: ["colour:Red", "size:M", "colour:Blue", " size : L "] });
    expect(problems).toEqual({});
    expect(query).toEqual({ "attr.colour": "Red,Blue", "attr.size": "M,L", page_size: 24 });
  });

  it("reports an attribute value it cannot send", () => {
    for (const attr of ["Red", ":Red", "colour:", "colour:a,b"]) {
      const { query, problems } = listingParams({ attr });
      expect(query, attr).toEqual({ page_size: 24 });
      expect(problems.attr, attr).toBeTruthy();
    }
  });

  it("reports a malformed price or ordering instead of sending it", () => {
    const { query, problems } = listingParams({ min_price: "ten", ordering: "random" });
    expect(query).toEqual({ page_size: 24 });
    expect(Object.keys(problems).sort()).toEqual(["min_price", "ordering"]);
  });

  it("lets the page fix the category or search text, and ignores empty values", () => {
    expect(listingParams({ category: "other", q: "" }, { category: "shoes" }).query).toEqual({ category: "shoes", page_size: 24 });
    expect(listingParams({ q: "polo" }).query.search).toBe("polo");
    expect(listingParams({ page: "1" }).query.page).toBeUndefined();
  });
});

describe("listingHref", () => {
  it("keeps the filters and changes the page", () => {
    expect(listingHref("/products/", { brand: ["a", "b"], page: "2", q: "" }, 3)).toBe("/products/?brand=a&brand=b&page=3");
    expect(listingHref("/products/", { page: "2" }, 1)).toBe("/products/");
  });

  it("counts pages", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(24)).toBe(1);
    expect(pageCount(25)).toBe(2);
  });
});
