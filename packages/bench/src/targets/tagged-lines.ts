const FIELD = '"message":"';

/**
 * The distinct bench lines found in delivered JSON text, by run tag. The
 * bench's lines are `<tag> <invoke>.<n> xxx…` (fixtures/lines-handler.mjs):
 * each `"message":"…"` value is split at its first space into tag and
 * line id, so a line delivered twice counts once. Scanning the text for the
 * field instead of JSON.parse-ing every body keeps the receiver's CPU per
 * line small: on the same 2 cores as the layer, parsing cost about as much
 * as the whole extension and capped the throughput measured.
 */
export class TaggedLines {
  readonly #byTag = new Map<string, Set<string>>();

  /** Records every tagged message of `text` (JSON or NDJSON). */
  add(text: string): void {
    let at = text.indexOf(FIELD);
    while (at !== -1) {
      const start = at + FIELD.length;
      const end = valueEnd(text, start);
      const space = text.indexOf(' ', start);
      if (space !== -1 && space < end) {
        const tag = text.slice(start, space);
        const ids = this.#byTag.get(tag) ?? new Set<string>();
        this.#byTag.set(tag, ids);
        const idEnd = text.indexOf(' ', space + 1);
        ids.add(
          text.slice(space + 1, idEnd === -1 || idEnd > end ? end : idEnd)
        );
      }
      at = text.indexOf(FIELD, end);
    }
  }

  /** Distinct lines of the run tagged `tag` seen so far. */
  count(tag: string): number {
    return this.#byTag.get(tag)?.size ?? 0;
  }
}

/** The index of the quote that ends the JSON string starting at `start`. */
function valueEnd(text: string, start: number): number {
  let at = text.indexOf('"', start);
  while (at > 0 && text[at - 1] === '\\') at = text.indexOf('"', at + 1);
  return at === -1 ? text.length : at;
}
