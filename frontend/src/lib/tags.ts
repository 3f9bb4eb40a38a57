/** Cache tags of the server's cached API reads, named by the revalidation webhook (src/app/revalidate/). */
export const CMS_TAG = "cms";
export const CATALOG_TAG = "catalog";
