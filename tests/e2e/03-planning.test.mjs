// Planning backwards from a decision: a key question needed after its decision is an error
// in Översikt and on the question, until its needed-by date is moved before the decision.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  byTestId,
  click,
  launchDemo,
  screenshot,
  TIMEOUT,
  type,
  waitForExisting,
  waitForGone,
  waitForText,
  waitSaved,
} from "./helpers.mjs";

const DECISION = "E2E: Beslut om läsplatser för unga";
const QUESTION = "Vilka läsplatser önskar unga i åldern 13–19?";

async function savedId(browser, formId) {
  const form = byTestId(browser, formId);
  let id = "";
  await browser.waitUntil(async () => (id = (await form.getAttribute("data-id")) ?? "") !== "", {
    timeout: TIMEOUT,
    timeoutMsg: `${formId} was not saved`,
  });
  return id;
}

describe("planning a decision and its key question", () => {
  let browser;
  let decisionId = "";
  let questionId = "";

  before(async () => {
    browser = await launchDemo("planning");
  });

  afterEach(async (t) => {
    await screenshot(browser, `planning-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("creates a decision dated 2027-05-01", async () => {
    await click(browser, "nav-nyckelfragor");
    await click(browser, "kq-new-decision");
    await type(browser, "decision-title", DECISION);
    await type(browser, "decision-date", "2027-05-01");
    await waitForText(browser, "decision-date-echo", "1 maj 2027");
    await click(browser, "decision-save");
    await waitSaved(browser);
    decisionId = await savedId(browser, "decision-form");
    await waitForText(browser, `kq-list-decision-${decisionId}`, DECISION);
  });

  it("adds a key question needed 2027-06-01 and gets question_after_decision on it and in Översikt", async () => {
    await click(browser, "decision-new-question");
    await waitForText(browser, "kq-form", "Ny nyckelfråga");
    assert.equal(await byTestId(browser, "kq-decision").getValue(), decisionId);
    await type(browser, "kq-title", QUESTION);
    await type(browser, "kq-needed_by", "2027-06-01");
    await waitForText(browser, "kq-when", "Svaret behövs efter beslutet");
    await click(browser, "kq-save");
    await waitSaved(browser);
    questionId = await savedId(browser, "kq-form");

    await waitForExisting(
      browser,
      `[data-testid="item-warnings"] li[data-code="question_after_decision"][data-id="${questionId}"]`,
      "the error on the question's form",
    );
    await browser.execute(() => document.querySelector('[data-testid="item-warnings"]').scrollIntoView());
    await screenshot(browser, "planning-question-error");

    await click(browser, "nav-oversikt");
    const item = await waitForExisting(
      browser,
      `[data-testid="warning-list"] li[data-code="question_after_decision"][data-id="${questionId}"]`,
      "the error in Översikt",
    );
    assert.equal(await item.getAttribute("data-severity"), "error");
    assert.match(await item.getText(), /Vilka läsplatser önskar unga/);
  });

  it("opens the question from the warning and clears the error by moving needed-by to 2027-04-01", async () => {
    await click(browser, `warning-link-question_after_decision-${questionId}`);
    await browser.waitUntil(async () => (await byTestId(browser, "kq-form").getAttribute("data-id")) === questionId, {
      timeout: TIMEOUT,
      timeoutMsg: "the warning did not open its question",
    });
    assert.equal(await byTestId(browser, "kq-title").getValue(), QUESTION);

    await type(browser, "kq-needed_by", "2027-04-01");
    await click(browser, "kq-save");
    await waitSaved(browser);
    await waitForGone(
      browser,
      `[data-testid="item-warnings"] li[data-code="question_after_decision"][data-id="${questionId}"]`,
      "the error on the form",
    );

    await click(browser, "nav-oversikt");
    await waitForExisting(browser, '[data-testid="warning-list"] li', "the warning list");
    await waitForGone(
      browser,
      `[data-testid="warning-list"] li[data-code="question_after_decision"][data-id="${questionId}"]`,
      "the error in Översikt",
    );
  });

  it("shows the decision and the question on the timeline", async () => {
    await click(browser, "nav-tidslinje");
    const d = await waitForExisting(browser, `[data-testid="timeline-decision-${decisionId}"]`);
    const q = await waitForExisting(browser, `[data-testid="timeline-question-${questionId}"]`);
    assert.match(await d.getAttribute("aria-label"), /1 maj 2027/);
    assert.match(await q.getAttribute("aria-label"), /1 april 2027/);

    // Enter on a focused timeline item opens it
    await browser.execute((id) => document.querySelector(`[data-testid="timeline-question-${id}"]`).focus(), questionId);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await byTestId(browser, "kq-form").getAttribute("data-id")) === questionId, {
      timeout: TIMEOUT,
      timeoutMsg: "Enter on the timeline item did not open the question",
    });

    await click(browser, "nav-tidslinje");
    await click(browser, "timeline-toggle-list");
    await waitForText(browser, "timeline-table", QUESTION);
  });
});
