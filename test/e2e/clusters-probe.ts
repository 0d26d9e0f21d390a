/** The clusters map layer's test probe, shared by the clusters e2e tests. */
import type { Page } from 'playwright-core';

/** What the clusters map layer exposes to tests (see ClustersMapLayer.tsx). */
interface ClustersProbeWindow {
  __sabanClusters?: {
    clusterIds(): string[];
    lockdownIds(): string[];
    lockdownFill(id: string): string | null;
    guardedPostIds(): string[];
    radiusOf(id: string): number | null;
  };
}

/** Reads the clusters map layer of `page`: ids drawn, a lockdown's fill, guarded posts, circle radii. */
export const probe = (page: Page) => ({
  clusters: (): Promise<string[]> =>
    page.evaluate(() => (globalThis as unknown as ClustersProbeWindow).__sabanClusters?.clusterIds() ?? []),
  lockdowns: (): Promise<string[]> =>
    page.evaluate(() => (globalThis as unknown as ClustersProbeWindow).__sabanClusters?.lockdownIds() ?? []),
  fill: (id: string): Promise<string | null> =>
    page.evaluate((x) => (globalThis as unknown as ClustersProbeWindow).__sabanClusters?.lockdownFill(x) ?? null, id),
  guarded: (): Promise<string[]> =>
    page.evaluate(() => (globalThis as unknown as ClustersProbeWindow).__sabanClusters?.guardedPostIds() ?? []),
  radius: (id: string): Promise<number | null> =>
    page.evaluate((x) => (globalThis as unknown as ClustersProbeWindow).__sabanClusters?.radiusOf(x) ?? null, id),
});
