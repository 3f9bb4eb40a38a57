import "server-only";
/** Server-side reads of public, shared data through the SDK: cached briefly, never with a user's token. */
import { cache } from "react";
import {
  brandsList,
  categoriesList,
  categoriesRetrieve,
  cmsFooterRetrieve,
  cmsNavigationRetrieve,
  productsList,
  productsRetrieve,
} from "@/sdk/sdk.gen";
import type { ProductsListData } from "@/sdk/types.gen";
import { cachedRead, unwrap, unwrapOrNull } from "./api";
import { CATALOG_TAG, CMS_TAG } from "./tags";

export const getNavigation = cache(() => unwrap(cmsNavigationRetrieve({ ...cachedRead([CMS_TAG]) })));
export const getFooter = cache(() => unwrap(cmsFooterRetrieve({ ...cachedRead([CMS_TAG]) })));
export const getCategories = cache(() => unwrap(categoriesList({ ...cachedRead([CATALOG_TAG]), query: { page_size: 100 } })));
export const getBrands = cache(() => unwrap(brandsList({ ...cachedRead([CATALOG_TAG]), query: { page_size: 100 } })));
export const getCategory = cache((slug: string) => unwrapOrNull(categoriesRetrieve({ ...cachedRead([CATALOG_TAG]), path: { slug } })));
export const getProduct = cache((slug: string) => unwrapOrNull(productsRetrieve({ ...cachedRead([CATALOG_TAG]), path: { slug } })));

export type ProductQuery = NonNullable<ProductsListData["query"]>;

export function listProducts(query: ProductQuery) {
  return unwrap(productsList({ ...cachedRead([CATALOG_TAG]), query }));
}
