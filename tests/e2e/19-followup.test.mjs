// Uppföljning: make a commitment of an insight ("Gör till löfte"), save it, mark it done on a
// chosen day with a note, and find it in Uppföljning (status Klar, the day), on the timeline,
// on the insight and in the brief of its decision ("Vad vi har lovat"). A segment's residents
// feed the reach per segment. Bad input: a dropped commitment without a reason is refused
// beside the field, and nothing is saved.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, selectValue, TIMEOUT, type, waitForExisting, waitForText, waitSaved } from "./helpers.mjs";

/** Wait until the element's whole text (scrolled into view or not) matches `expected`. */
async function waitForContent(browser, id, expected) {
  let last = "";
  await browser
    .waitUntil(
      async () => {
        last = await browser.execute((sel) => document.querySelector(sel)?.textContent ?? "", `[data-testid="${id}"]`);
        return expected.test(last);
      },
      { timeout: TIMEOUT, timeoutMsg: `[data-testid="${id}"] never showed ${expected}` },
    )
    .catch((e) => {
      throw new Error(`${e.message} (last: ${JSON.stringify(last.slice(0, 300))})`);
    });
}

const TITLE = "Lugna hörnor utan krav på köp eller aktivitet";
const NOTE = "Tre lugna hörnor öppnade på plan 2.";

describe("commitments: from an insight to a kept promise", () => {
  let browser;
  let id = "";

  before(async () => {
    browser = await launchDemo("followup");
  });

  afterEach(async (t) => {
    await screenshot(browser, `followup-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("makes a commitment of an insight, prefilled from it", async () => {
    await click(browser, "nav-insikter");
    await click(browser, "insight-item-i1");
    await waitForExisting(browser, '[data-testid="insight-form"][data-id="i1"]', "the insight's form");
    await click(browser, "insight-make-commitment");

    await waitForExisting(browser, '[data-testid="view-uppfoljning"] [data-testid="commitment-form"]', "the commitment form");
    // linked to the insight, and to d1, the decision both its key questions serve
    assert.equal(await byTestId(browser, "commitment-insight-i1").isSelected(), true);
    assert.equal(await byTestId(browser, "commitment-decision").getValue(), "d1");
    assert.equal(await byTestId(browser, "commitment-question-q01").isSelected(), true);
  });

  it("refuses a dropped commitment without a reason, beside the field", async () => {
    await type(browser, "commitment-title", TITLE);
    await click(browser, "commitment-status-dropped");
    await click(browser, "commitment-save");
    const err = byTestId(browser, "field-error-reason");
    await err.waitForDisplayed({ timeout: TIMEOUT });
    assert.match(await err.getText(), /Skriv varför löftet ströks/);
    assert.equal(await byTestId(browser, "commitment-form").getAttribute("data-id"), "", "nothing was saved");
  });

  it("saves it, and the insight lists it", async () => {
    await click(browser, "commitment-status-planned");
    await type(browser, "commitment-owner", "Kim Lind");
    await type(browser, "commitment-due", "2027-03-31");
    await click(browser, "commitment-save");
    await waitSaved(browser);
    await browser.waitUntil(async () => (await byTestId(browser, "commitment-form").getAttribute("data-id")) !== "", {
      timeout: TIMEOUT,
      timeoutMsg: "the commitment got no id",
    });
    id = await byTestId(browser, "commitment-form").getAttribute("data-id");
    await waitForText(browser, `commitment-item-status-${id}`, "Planerad");
  });

  it("marks it done on a chosen day, with a note in its history", async () => {
    await click(browser, "commitment-mark-done");
    const date = byTestId(browser, "commitment-done-date");
    await date.waitForDisplayed({ timeout: TIMEOUT });
    assert.equal(await date.getValue(), "2026-11-29", "today by default");
    await type(browser, "commitment-done-date", "2026-11-20");
    await type(browser, "commitment-done-note", NOTE);
    await click(browser, "commitment-done-confirm");
    await waitForText(browser, "commitment-history", NOTE);
    await waitForText(browser, "commitment-history", "20 november 2026");
    await waitForText(browser, "commitment-history", "Klar");
  });

  it("shows it in Uppföljning as Klar with the day", async () => {
    await click(browser, "nav-oversikt");
    await waitForText(browser, "count-commitments-done", /^[1-9]\d*$/);
    await click(browser, "overview-to-followup");
    await waitForText(browser, `commitment-item-status-${id}`, "Klar");
    await waitForText(browser, `commitment-done-on-${id}`, "genomfört 20 november 2026");
    await waitForText(browser, `commitment-item-${id}`, TITLE);
    // A commitment's form reads it whole: its description and history are not in the list's rows.
    await click(browser, "commitment-item-k1");
    await browser.waitUntil(async () => /^Lokalprogrammet får stora fria ytor/.test(await byTestId(browser, "commitment-description").getValue()), {
      timeout: TIMEOUT,
      timeoutMsg: "the commitment's description was not in its form",
    });
    assert.equal((await browser.$$('[data-testid="commitment-history"] tbody tr')).length, 3, "its three status changes are listed");
  });

  it("the timeline shows its due date, in the chart and in the list", async () => {
    await click(browser, "nav-tidslinje");
    await waitForExisting(browser, `[data-testid="timeline-commitment-${id}"]`, "the commitment in the chart");
    await click(browser, "timeline-toggle-list");
    await waitForText(browser, `timeline-row-commitment-${id}`, "2027-03-31");
    await waitForText(browser, `timeline-row-commitment-${id}`, "Löfte (Klar)");
    await click(browser, "timeline-toggle-list");
  });

  it("the insight lists its commitment", async () => {
    await click(browser, "nav-insikter");
    await click(browser, "insight-item-i1");
    await waitForText(browser, "insight-commitments", TITLE);
    await waitForText(browser, `insight-commitment-${id}`, TITLE);
    // and so does the trace of its key question
    await click(browser, "insight-trace-q01");
    await waitForContent(browser, "trace-commitments-i1", new RegExp(`${TITLE}.*Klar`, "s"));
    await click(browser, "insights-tab-list");
  });

  it("a segment's residents are shown grouped, and the reach per segment uses them", async () => {
    await click(browser, "nav-installningar");
    await click(browser, "segment-edit-seg1");
    await type(browser, "segment-edit-residents", "23456");
    await waitForText(browser, "segment-edit-residents-echo", /23\s456 invånare/);
    await type(browser, "segment-edit-residents-source", "SCB 2025");
    await click(browser, "segment-save");
    await waitForContent(browser, "segment-residents-seg1", /23\s456 invånare \(SCB 2025\)/);

    await click(browser, "nav-dialoger");
    await click(browser, "act-tab-reach");
    await selectValue(browser, "representation-target", "d:d1");
    await waitForContent(browser, "representation-row-seg1", /23\s456.*%/s);
    await waitForContent(browser, "representation-score", /Representation/);
  });

  it("the brief of its decision says what was promised", async () => {
    await click(browser, "nav-beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d1");
    // The section comes with the brief's text (rendered by Rust); read it whole, scrolled or not.
    await waitForContent(browser, "brief-preview", /Vad vi har lovat/);
    await waitForContent(browser, "brief-preview", new RegExp(TITLE));
  });
});
