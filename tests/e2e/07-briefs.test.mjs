// The decision brief: choose a decision, read the live preview, write the Sammanfattning and
// see the preview follow. (Export opens a native save dialog, which WebDriver cannot drive.)
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, selectValue, settle, TIMEOUT, type, waitForExisting, waitForText } from "./helpers.mjs";

const DECISION = "Val av gestaltningsförslag";
const QUESTION = "Vilka kvaliteter ska invånarna bedöma i gestaltningsförslagen?";
const SUMMARY = "Invånarna vill ha en ljus entré mot Stadsparken och platser för unga – även på kvällen.";

describe("the decision brief", () => {
  let browser;

  before(async () => {
    browser = await launchDemo("briefs");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `briefs-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("previews the brief for 'Val av gestaltningsförslag'", async () => {
    await click(browser, "nav-beslutsunderlag");
    await waitForText(browser, "view-beslutsunderlag", "Beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d4");
    await waitForText(browser, "brief-preview", DECISION);
    await waitForText(browser, "brief-preview", QUESTION);
    // the decision's texts for its brief are read with the whole decision (its row has none)
    await browser.waitUntil(async () => /^Tre arkitektteam har lämnat/.test(await byTestId(browser, "brief-summary").getValue()), {
      timeout: TIMEOUT,
      timeoutMsg: "the decision's summary was not in its field",
    });
    assert.equal(await byTestId(browser, "brief-summary").isEnabled(), true, "the summary can be written once it is read");
    // the brief's own styles do not leak into the app: the nav keeps its layout
    const navWidth = await browser.execute(() => document.querySelector(".side-nav").getBoundingClientRect().width);
    assert.ok(navWidth > 150, `the side navigation is ${navWidth}px wide`);
    // the export button is there and idle
    const exportButton = byTestId(browser, "brief-export");
    assert.equal(await exportButton.isEnabled(), true);
    assert.equal(await exportButton.getAttribute("aria-busy"), "false");
  });

  it("updates the preview after the Sammanfattning is edited", async () => {
    const preview = await byTestId(browser, "brief-preview").getText();
    assert.ok(!preview.includes(SUMMARY));
    await type(browser, "brief-summary", SUMMARY);
    await waitForText(browser, "brief-preview", SUMMARY);
    await waitForText(browser, "brief-save-state", "Sparat");
    await browser.execute(() => {
      const el = [...document.querySelectorAll('[data-testid="brief-preview"] .b-h2')].find((h) =>
        h.textContent.includes("Sammanfattning"),
      );
      el?.scrollIntoView({ block: "start" });
    });
  });

  it("keeps the summary and shows it in English, and for one key question", async () => {
    await click(browser, "brief-lang-en");
    await waitForText(browser, "brief-preview", "Summary");
    await waitForText(browser, "brief-preview", SUMMARY);

    await click(browser, "nav-nyckelfragor");
    await click(browser, "nav-beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d4");
    assert.equal(await byTestId(browser, "brief-summary").getValue(), SUMMARY);

    await selectValue(browser, "brief-target", "question:q07");
    await waitForText(browser, "brief-preview", QUESTION);
    await waitForExisting(browser, '[data-testid="brief-summary"]', "the summary of the question's decision");
    assert.equal(await byTestId(browser, "brief-summary").getValue(), SUMMARY);
  });

  it("opens a link in the summary outside the app, and the window stays on the app", async () => {
    const origin = await browser.execute(() => location.origin);
    await type(browser, "brief-summary", `${SUMMARY} Läs mer på [stadens webb](https://example.invalid/bibliotek).`);
    const link = await waitForExisting(
      browser,
      '[data-testid="brief-preview"] a[href="https://example.invalid/bibliotek"]',
      "the link in the preview",
    );
    await link.click();
    // Had the window followed the link, the app's navigation would be gone.
    await click(browser, "nav-nyckelfragor");
    await waitForExisting(browser, '[data-testid="view-nyckelfragor"]', "the key questions view");
    assert.equal(await browser.execute(() => location.origin), origin);
  });
});
