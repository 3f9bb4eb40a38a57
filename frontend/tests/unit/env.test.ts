import { afterEach, describe, expect, it, vi } from "vitest";
import { apiBaseUrl, isBuildPhase } from "@/lib/env";

afterEach(() => vi.unstubAllEnvs());

describe("the run-time environment", () => {
  it("knows when it runs inside next build (the root layout then renders nothing ahead of time)", () => {
    vi.stubEnv("NEXT_PHASE", "phase-production-build");
    expect(isBuildPhase()).toBe(true);
    vi.stubEnv("NEXT_PHASE", "phase-production-server");
    expect(isBuildPhase()).toBe(false);
    vi.stubEnv("NEXT_PHASE", "");
    expect(isBuildPhase()).toBe(false);
  });

  it("reads the API's address when asked, not when built", () => {
    vi.stubEnv("STOREFRONT_API_URL", "http://api.test:9000/");
    expect(apiBaseUrl()).toBe("http://api.test:9000");
  });
});
