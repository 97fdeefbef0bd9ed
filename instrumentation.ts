/**
 * Next.js server start-up hook. Starts loading the AWS action catalogue (≈22k actions read from iam-data: a few hundred
 * ms of CPU, the largest fixed cost of a fresh process) in the background, so the first AWS person or principal page
 * after a start does not pay for it. Not awaited: the server is ready at once; a request that needs the catalogue
 * before it is loaded shares the same load (loadActionCatalog is memoized per process).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadActionCatalog } = await import("./lib/analysis/action-catalog");
  void loadActionCatalog().catch(() => undefined);
}
