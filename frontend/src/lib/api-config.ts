// Read by the generated client (src/sdk/client.gen.ts) when it is created: points it at the Django site.
import type { CreateClientConfig } from "../sdk/client.gen";
import { apiBaseUrl } from "./env";

export const createClientConfig: CreateClientConfig = (config) => ({
  ...config,
  baseUrl: apiBaseUrl(),
});
