// Opening the demo project: Swedish letters, navigation, language switch.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, demoCopy, launch, screenshot, textOf, waitForExisting, waitForText } from "./helpers.mjs";

describe("the demo project", () => {
  let browser;

  before(async () => {
    browser = await launch(["open", demoCopy("demo-view")]);
  });

  afterEach(async (t) => {
    await screenshot(browser, `demo-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("shows the project name in the header and the navigation with å/ä/ö intact", async () => {
    await waitForText(browser, "project-name", "Nya stadsbiblioteket Helsingborg");
    assert.equal(await textOf(browser, "nav-oversikt"), "Översikt");
    assert.equal(await textOf(browser, "nav-nyckelfragor"), "Nyckelfrågor");
    assert.equal(await textOf(browser, "nav-installningar"), "Inställningar");
    assert.equal(await browser.execute(() => document.documentElement.lang), "sv");
    // the overview lists the planning warnings, grouped by severity
    await waitForExisting(browser, '[data-testid="warning-list"] li[data-severity="warning"]', "a warning in Översikt");
  });

  it("switches to English and back", async () => {
    await click(browser, "lang-en");
    await waitForText(browser, "nav-oversikt", "Overview");
    assert.equal(await textOf(browser, "nav-nyckelfragor"), "Key questions");
    assert.equal(await browser.execute(() => document.documentElement.lang), "en");
    // The core words the planning warnings in the window's language.
    await waitForText(browser, "warning-list", "4 needs have no tags.");
    await screenshot(browser, "demo-overview-english");
    await click(browser, "lang-sv");
    await waitForText(browser, "nav-oversikt", "Översikt");
    await waitForText(browser, "warning-list", "4 behov saknar taggar.");
    assert.equal(await browser.execute(() => document.documentElement.lang), "sv");
  });

  it("shows every view built, none of them a placeholder", async () => {
    for (const view of ["dialoger", "behov", "insikter", "beslutsunderlag"]) {
      await click(browser, `nav-${view}`);
      await waitForExisting(browser, `[data-testid="view-${view}"] h1`);
      assert.equal(await byTestId(browser, "not-built").isExisting(), false);
    }
  });

  it("shows the key questions, the timeline and the settings", async () => {
    await click(browser, "nav-nyckelfragor");
    await waitForExisting(browser, '[data-testid="kq-list-question-q07"]');
    await click(browser, "kq-list-question-q07");
    await waitForText(browser, "kq-form", "Vad behöver vi veta?");
    // The texts only the form shows are read with the whole question (the list has its row).
    assert.match(await byTestId(browser, "kq-promise").getValue(), /^Invånarnas bedömning redovisas som ett eget avsnitt/);
    assert.match(await byTestId(browser, "kq-open").getValue(), /välkomnande entré/);
    await screenshot(browser, "demo-key-question");
    await click(browser, "kq-list-decision-d4");
    await waitForExisting(browser, '[data-testid="decision-description"]', "the decision's form");
    assert.match(await byTestId(browser, "decision-description").getValue(), /^Val av det arkitektförslag/);

    await click(browser, "nav-tidslinje");
    await waitForExisting(browser, '[data-testid="timeline-decision-d4"]');
    await waitForExisting(browser, '[data-testid="timeline-question-q07"]');
    await waitForExisting(browser, '[data-testid="timeline-activity-a14"]');
    await screenshot(browser, "demo-timeline");

    await click(browser, "nav-installningar");
    await waitForText(browser, "view-installningar", "Delaktighetstrappan");
    assert.equal(await byTestId(browser, "settings-name").getValue(), "Nya stadsbiblioteket Helsingborg");
  });
});
