// Markdown rendered by Rust for the page (`render_markdown` escapes raw HTML, so its output is
// the only HTML this app ever puts into the page).
import { api } from "./api";

/**
 * The HTML of `src()`, rendered again whenever it changes; kept as it is while `src()` is null
 * (a preview that is closed). Call it while a component initialises.
 */
export function renderedMarkdown(src: () => string | null): { readonly html: string } {
  let html = $state("");
  $effect(() => {
    const s = src();
    if (s === null) return;
    if (s.trim() === "") {
      html = "";
      return;
    }
    let stale = false;
    api
      .renderMarkdown(s)
      .then((h) => {
        if (!stale) html = h;
      })
      .catch(() => {
        if (!stale) html = "";
      });
    return () => {
      stale = true;
    };
  });
  return {
    get html() {
      return html;
    },
  };
}
