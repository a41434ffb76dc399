// Bad input in the key-question form: the message shows beside the field, nothing is saved,
// and the form keeps what the user typed.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, type, waitForGone, waitForText, waitSaved } from "./helpers.mjs";

async function questionCount(browser) {
  return (await browser.$$('[data-testid^="kq-list-question-"]')).length;
}

describe("bad input in a key question", () => {
  let browser;
  let before_count = 0;

  before(async () => {
    browser = await launchDemo("validation");
    await click(browser, "nav-nyckelfragor");
    await waitForText(browser, "view-nyckelfragor", "Nyckelfrågor");
    before_count = await questionCount(browser);
    assert.ok(before_count > 0);
  });

  afterEach(async (t) => {
    await screenshot(browser, `validation-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("an empty title gives a message beside the field and saves nothing", async () => {
    await click(browser, "kq-new-question");
    await type(browser, "kq-description", "Det här ska finnas kvar efter felet.");
    await click(browser, "kq-save");

    const err = byTestId(browser, "field-error-title");
    await err.waitForDisplayed();
    assert.match(await err.getText(), /Fyll i det här fältet/);
    const title = byTestId(browser, "kq-title");
    assert.equal(await title.getAttribute("aria-invalid"), "true");
    assert.match(await title.getAttribute("aria-describedby"), /kq-title-error/);
    assert.equal(await err.getAttribute("id"), "kq-title-error");
    // the form keeps the input; nothing was saved
    assert.equal(await byTestId(browser, "kq-description").getValue(), "Det här ska finnas kvar efter felet.");
    assert.equal(await byTestId(browser, "kq-form").getAttribute("data-id"), "");
    assert.equal(await questionCount(browser), before_count);
  });

  it("a needed-by that is not a date gives a message beside that field", async () => {
    await type(browser, "kq-title", "Hur vill äldre låna e-böcker?");
    await type(browser, "kq-needed_by", "snart");
    await click(browser, "kq-save");
    const err = byTestId(browser, "field-error-needed_by");
    await err.waitForDisplayed();
    assert.match(await err.getText(), /ÅÅÅÅ-MM-DD/);
    await waitForGone(browser, '[data-testid="field-error-title"]', "the old title error");
    assert.equal(await byTestId(browser, "kq-needed_by").getAttribute("aria-invalid"), "true");
    assert.equal(await byTestId(browser, "kq-title").getValue(), "Hur vill äldre låna e-böcker?");
    assert.equal(await questionCount(browser), before_count);
  });

  it("saves once the input is right", async () => {
    await type(browser, "kq-needed_by", "2027-02-15");
    await click(browser, "kq-save");
    await waitSaved(browser);
    await waitForGone(browser, '[data-testid="field-error-needed_by"]');
    await browser.waitUntil(async () => (await questionCount(browser)) === before_count + 1);
  });
});
