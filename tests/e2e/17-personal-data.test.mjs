// Residents stay anonymous: a need saved with an e-mail address in its quote is saved, and the
// form says which field holds it (masked); exporting the brief that shows the need first
// lists where the personal data is, and Escape closes that list with nothing written.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, selectValue, settle, type, TIMEOUT, waitForText, pickChoice } from "./helpers.mjs";

const STATEMENT = "En lugn läshörna nära entrén";
const EMAIL = "kim.berg@example.se";

describe("personal data in residents' words", () => {
  let browser;

  before(async () => {
    browser = await launchDemo("personal-data");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `personal-data-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("saves a need whose quote holds an e-mail address and names the field in the form", async () => {
    await click(browser, "nav-behov");
    await click(browser, "needs-tab-capture");
    // a14 "Tyck till om gestaltningsförslagen" asks a key question of decision d4.
    await pickChoice(browser, "capture-activity", "tyck till", "a14");
    await type(browser, "capture-statement", STATEMENT);
    await type(browser, "capture-quote", `Mejla mig på ${EMAIL} om ni vill veta mer.`);
    await click(browser, "capture-save");
    const notice = await waitForText(browser, "capture-personal-data", "Citatet innehåller en e-postadress");
    assert.match(notice, /k\*\*\*@example\.se/);
    assert.ok(!notice.includes(EMAIL), `the notice shows the address whole: ${notice}`);
    // The need was saved all the same.
    await waitForText(browser, "capture-recent", STATEMENT);
  });

  it("lists the need before the brief is exported, and Escape closes the list", async () => {
    await click(browser, "nav-beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d4");
    await waitForText(browser, "brief-preview", STATEMENT);
    const exportButton = await click(browser, "brief-export");
    const dialog = byTestId(browser, "personal-data-dialog");
    await dialog.waitForDisplayed({ timeout: TIMEOUT });
    const text = await dialog.getText();
    assert.match(text, /Personuppgifter i exporten/);
    assert.match(text, new RegExp(STATEMENT));
    assert.match(text, /Citat/);
    assert.match(text, /k\*\*\*@example\.se/);
    assert.ok(!text.includes(EMAIL), `the dialog shows the address whole: ${text}`);
    assert.ok(await byTestId(browser, "pd-export-anyway").isDisplayed());
    assert.ok(await byTestId(browser, "pd-open-0").isDisplayed());
    const focusedInDialog = await browser.execute(() =>
      Boolean(document.activeElement?.closest('[data-testid="personal-data-dialog"]')),
    );
    assert.ok(focusedInDialog, "focus should be inside the dialog");
    await browser.keys("Escape");
    await dialog.waitForDisplayed({ reverse: true, timeout: TIMEOUT });
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "brief-export",
      { timeout: TIMEOUT, timeoutMsg: "focus did not return to the export button" },
    );
    assert.equal(await exportButton.getAttribute("aria-busy"), "false");
  });

  it("takes the user from the list to the need", async () => {
    await click(browser, "brief-export");
    const dialog = byTestId(browser, "personal-data-dialog");
    await dialog.waitForDisplayed({ timeout: TIMEOUT });
    await click(browser, "pd-open-0");
    await dialog.waitForDisplayed({ reverse: true, timeout: TIMEOUT });
    await waitForText(browser, "need-edit-personal-data", "Citatet innehåller en e-postadress (k***@example.se)");
    const quote = browser.$('[data-testid="opened-need"] [data-testid="need-edit-quote"]');
    assert.match(await quote.getValue(), /Mejla mig/);
  });
});
