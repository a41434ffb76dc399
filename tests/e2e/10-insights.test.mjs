// Insikter: select two needs in Behov, create an insight from them, give it a response
// ("vi gör") with status Föreslaget, and find it in the trace of its key question – from the
// insight and from the key question's form. Bad input: an empty statement in the capture
// form gives a message beside the field and saves nothing.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, TIMEOUT, type, waitForExisting, waitForText, waitSaved, pickChoice } from "./helpers.mjs";

describe("insights from needs, and the trace", () => {
  let browser;
  let insightId = "";

  before(async () => {
    browser = await launchDemo("insights");
    await click(browser, "nav-behov");
    await waitForText(browser, "needs-count", /\d+ behov/);
  });

  afterEach(async (t) => {
    await screenshot(browser, `insights-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("an empty statement gives a message beside the field and saves nothing", async () => {
    await click(browser, "needs-tab-capture");
    await click(browser, "capture-save");
    const err = byTestId(browser, "field-error-statement");
    await err.waitForDisplayed({ timeout: TIMEOUT });
    assert.match(await err.getText(), /Fyll i det här fältet/);
    const field = byTestId(browser, "capture-statement");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.match(await field.getAttribute("aria-describedby"), /capture-statement-error/);
    assert.equal(await err.getAttribute("id"), "capture-statement-error");
    assert.equal(await byTestId(browser, "capture-recent").isExisting(), false, "nothing was saved");
  });

  it("selects two needs and creates an insight from them", async () => {
    await click(browser, "needs-tab-list");
    await pickChoice(browser, "nf-activity", "framtid", "a01");
    await waitForText(browser, "needs-count", "matchar filtret");
    await click(browser, "need-check-n001");
    await click(browser, "need-check-n002");
    await waitForText(browser, "selection-count", "2 markerade");
    await screenshot(browser, "insights-two-selected");
    await click(browser, "create-insight");

    await waitForText(browser, "view-insikter", "Ny insikt");
    await waitForExisting(browser, '[data-testid="evidence-n001"]', "n001 in the evidence");
    await waitForExisting(browser, '[data-testid="evidence-n002"]', "n002 in the evidence");
    // the needs' activity (a01) serves q01: suggested as the insight's key question
    assert.equal(await byTestId(browser, "insight-question-q01").isSelected(), true);

    await type(browser, "insight-title", "Kvällsöppna rum för möten och studier");
    await type(browser, "insight-statement", "Föreningar och studenter behöver rum som är öppna när de är lediga.");
    await type(browser, "insight-response", "Vi gör: **bokningsbara rum** till klockan 21 på vardagar.");
    await click(browser, "insight-status-proposed");
    await click(browser, "insight-save");
    await waitSaved(browser);
    await browser.waitUntil(async () => (await byTestId(browser, "insight-form").getAttribute("data-id")) !== "", {
      timeout: TIMEOUT,
      timeoutMsg: "the insight got no id",
    });
    insightId = await byTestId(browser, "insight-form").getAttribute("data-id");
  });

  it("shows its two evidence needs with their quotes, and is listed with them", async () => {
    const evidence = await browser.$$('[data-testid="insight-evidence"] > li');
    assert.equal(evidence.length, 2);
    assert.match(await textOfEl(byTestId(browser, "evidence-n001")), /Jag vill kunna sitta här en hel eftermiddag/);
    await waitForText(browser, `insight-item-${insightId}`, "2 behov i underlaget");
    await waitForText(browser, `insight-item-${insightId}`, "Föreslaget");
    // the response preview renders the Markdown
    await click(browser, "insight-response-preview-toggle");
    await waitForExisting(browser, '[data-testid="insight-response-preview"] strong', "the rendered response");
  });

  it("appears in the trace of its key question, with its response and status", async () => {
    await click(browser, "insight-trace-q01");
    await waitForText(browser, "trace", "Spårning");
    assert.equal(await byTestId(browser, "trace-question").getAttribute("data-value"), "q01");
    await browser.waitUntil(async () => (await byTestId(browser, "trace-question").getValue()).startsWith("Vilka roller"), {
      timeout: TIMEOUT,
      timeoutMsg: "the trace's picker does not name q01",
    });
    await waitForExisting(browser, `[data-testid="trace-insight-${insightId}"]`, "the new insight in the trace");
    await waitForText(browser, `trace-status-${insightId}`, "Föreslaget");
    await waitForText(browser, `trace-told-${insightId}`, "inte återkopplat ännu");
    await waitForText(browser, `trace-response-${insightId}`, "bokningsbara rum");
    await waitForExisting(browser, '[data-testid="trace-need-n001"]', "a need of a01 in the trace");
    await waitForText(browser, "trace-activities", "Framtidsverkstad");
    await waitForText(browser, "trace-decision", "Inriktningsbeslut för verksamheten");
  });

  it("is reachable from the key question's form: Visa spårning", async () => {
    await click(browser, "nav-nyckelfragor");
    await click(browser, "kq-list-question-q01");
    await click(browser, "kq-show-trace");
    await waitForText(browser, "trace", "Spårning");
    await waitForExisting(browser, `[data-testid="trace-insight-${insightId}"]`, "the insight in the trace from Nyckelfrågor");
    await waitForText(browser, "trace-chain", "insikter");
  });

  it("reopened from the list, keeps its evidence when its title changes", async () => {
    await click(browser, "insights-tab-list");
    await click(browser, `insight-item-${insightId}`);
    // The form reads the insight whole: the list's rows only count its evidence.
    await waitForExisting(browser, '[data-testid="evidence-n002"]', "n002 in the reopened form");
    await type(browser, "insight-title", "Kvällsöppna rum för föreningar och studier");
    await click(browser, "insight-save");
    await waitSaved(browser);
    await waitForText(browser, `insight-item-${insightId}`, "Kvällsöppna rum för föreningar");
    await waitForText(browser, `insight-item-${insightId}`, "2 behov i underlaget");
  });
});

async function textOfEl(el) {
  await el.waitForDisplayed({ timeout: TIMEOUT });
  return el.getText();
}
