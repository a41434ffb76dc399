// What other views ask Uppföljning to open: a commitment by id, or a new one (made from an
// insight) not yet saved.
import type { Commitment } from "../../lib/bindings/Commitment";

export const followUp = $state({
  /** A new commitment to open in the form (prefilled, not saved). */
  draft: null as Commitment | null,
});
