// A dialogue that answers a key question in time: creating it clears the question's warning
// in Översikt, its participants show in the reach matrix, and marking it "Återkopplad" asks for
// the feedback. A negative participant count is refused beside the field, and nothing is saved.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  byTestId,
  launchDemo,
  screenshot,
  selectValue,
  settle,
  TIMEOUT,
  type,
  waitForExisting,
  waitForGone,
  waitForText,
  waitSaved,
} from "./helpers.mjs";

const TITLE = "Pop-up i Stadsparken";
const Q10 = "q10"; // "Hur ska meröppet fungera för unga under 18?"
const UNGA = "seg2"; // Unga 13–19
const ICKE = "seg1"; // Icke-användare
const FEEDBACK = "Ni sa att ni vill kunna komma efter skolan. Vi gör: meröppet till 21 för unga med lånekort.";
const Q10_WARNING = `[data-testid="warning-list"] li[data-code="question_without_activity"][data-id="${Q10}"]`;

/** Click an element after scrolling it to the middle, clear of the sticky save bar. */
async function clickCentered(browser, id) {
  const el = byTestId(browser, id);
  await el.waitForExist({ timeout: TIMEOUT });
  await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: "center" }), `[data-testid="${id}"]`);
  await el.waitForClickable({ timeout: TIMEOUT });
  await el.click();
  return el;
}

async function itemCount(browser) {
  return (await browser.$$('[data-testid^="act-item-"][type="button"]')).length;
}

describe("a dialogue activity, from planning to feedback", () => {
  let browser;
  let activityId = "";

  before(async () => {
    browser = await launchDemo("activities");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `activities-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("Översikt warns that q10 has no dialogue, and an upcoming dialogue opens in its editor", async () => {
    const item = await waitForExisting(browser, Q10_WARNING, "the q10 warning in Översikt");
    assert.match(await item.getText(), /meröppet fungera för unga under 18/);

    await clickCentered(browser, "overview-activity-a13");
    await browser.waitUntil(async () => (await byTestId(browser, "act-form").getAttribute("data-id")) === "a13", {
      timeout: TIMEOUT,
      timeoutMsg: "the upcoming activity did not open in Dialoger",
    });
    assert.match(await byTestId(browser, "act-title").getValue(), /Informationsmöte/);

    // an activity's warning in Översikt opens the activity too (a09: feedback overdue)
    await clickCentered(browser, "nav-oversikt");
    await clickCentered(browser, "warning-link-feedback_overdue-a09");
    await browser.waitUntil(async () => (await byTestId(browser, "act-form").getAttribute("data-id")) === "a09", {
      timeout: TIMEOUT,
      timeoutMsg: "the activity warning did not open the activity",
    });
    await waitForExisting(browser, '[data-testid="item-warnings"] li[data-code="feedback_overdue"]', "the warning on the form");
  });

  it("creates a held pop-up linked to q10 with participants for two segments", async () => {
    await clickCentered(browser, "act-new");
    await waitForText(browser, "act-form", "Ny dialog");
    await type(browser, "act-title", TITLE);
    await selectValue(browser, "act-method", "popup");
    await type(browser, "act-starts_at", "2027-01-15 14:00");
    await waitForText(browser, "act-start-echo", "15 januari 2027 14:00");
    await type(browser, "act-place", "Stadsparken");
    await clickCentered(browser, "act-status-held");
    await clickCentered(browser, `act-question-${Q10}`);
    assert.equal(await byTestId(browser, `act-question-${Q10}`).isSelected(), true);
    await type(browser, `act-count-${UNGA}`, "12");
    await type(browser, `act-count-${ICKE}`, "7");
    await waitForText(browser, "act-total", "19");

    await clickCentered(browser, "act-save");
    await waitSaved(browser);
    const form = byTestId(browser, "act-form");
    await browser.waitUntil(async () => (activityId = (await form.getAttribute("data-id")) ?? "") !== "", {
      timeout: TIMEOUT,
      timeoutMsg: "the activity was not saved",
    });
    await waitForText(browser, `act-item-${activityId}`, TITLE);
    await waitForText(browser, `act-item-status-${activityId}`, "Genomförd");
    assert.equal(await byTestId(browser, "act-starts_at").getValue(), "2027-01-15 14:00");
  });

  it("clears the q10 warning in Översikt", async () => {
    await clickCentered(browser, "nav-oversikt");
    await waitForExisting(browser, '[data-testid="warning-list"] li', "the warning list");
    await waitForGone(browser, Q10_WARNING, "the q10 warning in Översikt");
  });

  it("shows the counts in the reach matrix", async () => {
    await clickCentered(browser, "nav-dialoger");
    await clickCentered(browser, "act-tab-reach");
    await waitForExisting(browser, '[data-testid="reach-matrix"]', "the reach matrix");
    assert.equal(await byTestId(browser, "act-tab-reach").getAttribute("aria-selected"), "true");
    await waitForText(browser, `reach-cell-${UNGA}-${activityId}`, "12");
    await waitForText(browser, `reach-cell-${ICKE}-${activityId}`, "7");
    await waitForText(browser, `reach-col-total-${activityId}`, "19");
    // Thirteen held dialogues now: the table shows the latest twelve, the totals count all.
    await waitForText(browser, "reach-columns-shown", "Dialog 2–13 av 13 i tabellen.");
    assert.equal(await byTestId(browser, "reach-later").isEnabled(), false);
    const unga = await byTestId(browser, `reach-row-total-${UNGA}`).getText();
    await clickCentered(browser, "reach-earlier");
    await waitForText(browser, "reach-columns-shown", "Dialog 1–12 av 13 i tabellen.");
    await waitForGone(browser, `[data-testid="reach-col-${activityId}"]`, "the newest dialogue's column");
    assert.equal(await byTestId(browser, `reach-row-total-${UNGA}`).getText(), unga);
    // At the start the button turns off, and the keyboard goes on from the other one.
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "reach-later", {
      timeout: TIMEOUT,
      timeoutMsg: "the focus did not move to Senare dialoger",
    });
    await browser.keys("Enter");
    await waitForText(browser, `reach-col-total-${activityId}`, "19");
    // the chart has its table equivalent
    await waitForExisting(browser, '[data-testid="reach-chart"]', "the chart");
    await waitForExisting(browser, '[data-testid="reach-time-table"]', "the chart's table");
    await waitForExisting(browser, '[data-testid="reach-nonusers-percent"]', "the non-users' share");
    await browser.execute(() => document.querySelector('[data-testid="reach-matrix"]').scrollIntoView({ block: "start" }));
  });

  it("lists the dialogues that heard a segment when filtered by it", async () => {
    await clickCentered(browser, "act-tab-list");
    await browser.$(".act-filters summary").click();
    await selectValue(browser, "act-filter-segment", UNGA);
    // Six of the demo's dialogues had young participants, and the new one.
    await waitForText(browser, "act-count", "Visar 7 av 16 dialoger");
    await waitForExisting(browser, `[data-testid="act-item-${activityId}"]`, "the new dialogue");
    assert.match(await byTestId(browser, `act-item-${activityId}`).getText(), /19 deltagare/);
    assert.equal(await byTestId(browser, "act-item-a13").isExisting(), false, "a planned dialogue with no one yet");
    await clickCentered(browser, "act-filter-clear");
    await waitForText(browser, "act-count", "16 dialoger");
  });

  it("marks it Återkopplad through the feedback dialog", async () => {
    await clickCentered(browser, "act-tab-list");
    await clickCentered(browser, `act-item-${activityId}`);
    await browser.waitUntil(async () => (await byTestId(browser, "act-form").getAttribute("data-id")) === activityId, {
      timeout: TIMEOUT,
      timeoutMsg: "the activity did not open",
    });
    await clickCentered(browser, "act-status-reported_back");
    const dialog = byTestId(browser, "feedback-dialog");
    await dialog.waitForDisplayed({ timeout: TIMEOUT });

    // both fields are required
    await type(browser, "fb-text", "");
    await byTestId(browser, "fb-confirm").click();
    await waitForText(browser, "field-error-fb-text", "Fyll i");
    await screenshot(browser, "activities-feedback-dialog");

    await type(browser, "fb-date", "2027-02-01");
    await type(browser, "fb-text", FEEDBACK);
    await byTestId(browser, "fb-confirm").click();
    await dialog.waitForDisplayed({ reverse: true, timeout: TIMEOUT });
    await waitSaved(browser);
    await waitForText(browser, `act-item-status-${activityId}`, "Återkopplad");
    assert.equal(await byTestId(browser, "act-feedback").getValue(), FEEDBACK);
    assert.equal(await byTestId(browser, "act-feedback-date").getValue(), "2027-02-01");
    assert.equal(await byTestId(browser, "act-status-reported_back").isSelected(), true);
  });

  it("reopened, shows the end, notes, organisers and feedback it was saved with, and keeps them when its title changes", async () => {
    const open = async (id) => {
      await clickCentered(browser, `act-item-${id}`);
      await browser.waitUntil(async () => (await byTestId(browser, "act-form").getAttribute("data-id")) === id, {
        timeout: TIMEOUT,
        timeoutMsg: `the activity ${id} did not open`,
      });
    };
    await type(browser, "act-ends_at", "2027-01-15 17:00");
    await type(browser, "act-organisers", "Bibliotekets ungdomsteam");
    await type(browser, "act-notes", "Material: post-it-lappar och en karta över parken.");
    await clickCentered(browser, "act-save");
    await waitSaved(browser);

    await open("a13");
    await open(activityId);
    assert.equal(await byTestId(browser, "act-organisers").getValue(), "Bibliotekets ungdomsteam");
    assert.equal(await byTestId(browser, "act-notes").getValue(), "Material: post-it-lappar och en karta över parken.");
    assert.equal(await byTestId(browser, "act-feedback").getValue(), FEEDBACK);

    await type(browser, "act-title", `${TITLE} (vår)`);
    await clickCentered(browser, "act-save");
    await waitSaved(browser);
    await waitForText(browser, `act-item-${activityId}`, `${TITLE} (vår)`);
    await open("a13");
    await open(activityId);
    assert.equal(await byTestId(browser, "act-title").getValue(), `${TITLE} (vår)`);
    assert.equal(await byTestId(browser, "act-ends_at").getValue(), "2027-01-15 17:00");
    assert.equal(await byTestId(browser, "act-notes").getValue(), "Material: post-it-lappar och en karta över parken.");
    assert.equal(await byTestId(browser, "act-organisers").getValue(), "Bibliotekets ungdomsteam");
    assert.equal(await byTestId(browser, "act-feedback").getValue(), FEEDBACK);
  });

  it("refuses a negative or non-numeric count beside the field and saves nothing", async () => {
    const before = await itemCount(browser);
    await clickCentered(browser, "act-new");
    await waitForText(browser, "act-form", "Ny dialog");
    await type(browser, "act-title", "Fokusgrupp med seniorer");
    await type(browser, "act-count-seg4", "-3");
    await type(browser, "act-count-seg3", "tolv");
    await clickCentered(browser, "act-save");

    const err = byTestId(browser, "field-error-participants-seg4");
    await err.waitForDisplayed({ timeout: TIMEOUT });
    assert.match(await err.getText(), /negativt/);
    await waitForText(browser, "field-error-participants-seg3", "heltal");
    const input = byTestId(browser, "act-count-seg4");
    assert.equal(await input.getAttribute("aria-invalid"), "true");
    assert.match(await input.getAttribute("aria-describedby"), /act-participants-seg4-error/);
    await waitForText(browser, "form-error", "Inget har sparats");
    // nothing saved: the form is still new and the list is as before
    assert.equal(await byTestId(browser, "act-form").getAttribute("data-id"), "");
    assert.equal(await itemCount(browser), before);
    assert.equal(await byTestId(browser, "act-title").getValue(), "Fokusgrupp med seniorer");
    await browser.execute(() =>
      document.querySelector('[data-testid="field-error-participants-seg4"]').scrollIntoView({ block: "center" }),
    );
  });
});
