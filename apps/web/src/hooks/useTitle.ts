import { useEffect } from "react";

export const SITE_NAME = "Neuralmesh";

/** "Block 12 · Neuralmesh": the page first, so tabs and history tell pages apart. */
export function pageTitle(page: string | undefined): string {
  return page ? `${page} · ${SITE_NAME}` : SITE_NAME;
}

/** Names the page in document.title while it is mounted (the last mounted page wins). */
export function useTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = pageTitle(page);
  }, [page]);
}
