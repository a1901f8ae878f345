// The options every call takes and the shape of a whole list, below both api.ts (RegionApi) and the
// operations (operations/context.ts): both need them, and neither may import the other's file for them.

export interface CallOptions {
  /** Aborts every request of the operation (the scrape deadline flows in here). */
  signal?: AbortSignal | undefined;
}

export interface ListOptions extends CallOptions {
  /** Stop after this many items even if the API has more (the result's `total` still says how many exist). */
  maxItems?: number | undefined;
}

export interface StreamedListOptions<T> extends ListOptions {
  /**
   * Called with each page's new items (duplicates dropped, maxItems respected) as soon as that page has been
   * handled, in list order, so a caller can start on them before the last page arrives. The promise still
   * resolves with the whole list; a list that fails afterwards has already passed some items here.
   */
  onItems?: ((items: readonly T[]) => void) | undefined;
}

/** A whole list read across pages: every item (up to maxItems) and the API's last reported total. */
export interface Listed<T> {
  items: T[];
  total: number;
  /** True when maxItems cut the list short. */
  truncated: boolean;
}
