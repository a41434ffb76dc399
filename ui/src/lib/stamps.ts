// Who made an entity and who changed it last, and when, as its edit form shows it.
import type { Stamp } from "./bindings/Stamp";
import { formatLong, localMoment } from "./dates";

/** One half of a stamp: who (their name, else their user name) and when. */
export interface StampPart {
  who: string;
  when: string;
}

/** What a form shows of a stamp; a half is null when it is not known (rows made before who and when were kept). */
export interface StampParts {
  created: StampPart | null;
  changed: StampPart | null;
}

/**
 * The two halves of `s`: made "1 dec 2026" (the day is enough), last changed "2 dec 2026
 * 10:31", both on this computer's clock (`offset` as `localMoment` takes it). `months` and
 * `pattern` are the language's short month names and long date pattern.
 */
export function stampParts(s: Stamp | null | undefined, months: readonly string[], pattern: string, offset?: number): StampParts {
  const part = (by: string | null | undefined, name: string | null | undefined, at: string | null | undefined, withTime: boolean): StampPart | null => {
    const who = name?.trim() || by?.trim() || "";
    const moment = localMoment(at, offset);
    if (!who && !moment) return null;
    const day = moment ? formatLong(moment.date, months, pattern) : "";
    return { who, when: moment && withTime ? `${day} ${moment.time}` : day };
  };
  return {
    created: part(s?.created_by, s?.created_by_name, s?.created_at, false),
    changed: part(s?.changed_by, s?.changed_by_name, s?.changed_at, true),
  };
}
