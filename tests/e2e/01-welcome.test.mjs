// The welcome screen (fresh settings, no project), the demo project, the recent list, and a
// project that cannot be opened.
import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, env, launch, screenshot, TIMEOUT, waitForText } from "./helpers.mjs";

describe("welcome", () => {
  let browser;

  before(async () => {
    browser = await launch([]);
  });

  afterEach(async (t) => {
    await screenshot(browser, `welcome-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("shows the welcome screen when no project is open", async () => {
    await waitForText(browser, "welcome", "Välkommen till Medskapa");
    assert.equal(await browser.execute(() => document.documentElement.lang), "sv");
    assert.equal(await byTestId(browser, "recent-list").isExisting(), false);
  });

  it("opens the demo project from the welcome screen", async () => {
    await click(browser, "welcome-open-demo");
    await waitForText(browser, "project-name", "Nya stadsbiblioteket Helsingborg");
    await waitForText(browser, "view-oversikt", "Nästa beslut");
  });

  it("closes the project and lists it among the recent ones", async () => {
    await click(browser, "close-project");
    await waitForText(browser, "recent-list", "Nya stadsbiblioteket Helsingborg");
  });

  it("explains a recent project that is no longer a project in a modal alert, closed with Escape", async () => {
    // Damage the demo file behind the app's back (it is closed now, so not locked).
    const dir = path.join(env("XDG_DATA_HOME"), "se.helsingborg.medskapa");
    const file = readdirSync(dir).find((f) => f.endsWith(".medskapa"));
    assert.ok(file, `no project file in ${dir}`);
    writeFileSync(path.join(dir, file), "Det här är ingen databas, bara text med åäö.\n".repeat(20));

    await click(browser, "recent-0");
    const dialog = byTestId(browser, "alert-dialog");
    await dialog.waitForDisplayed({ timeout: TIMEOUT });
    assert.equal(await dialog.getAttribute("role"), "alertdialog");
    const text = await dialog.getText();
    assert.match(text, /Projektet kunde inte öppnas/);
    assert.match(text, /inte ett Medskapa-projekt/);
    const focusedInDialog = await browser.execute(() =>
      Boolean(document.activeElement?.closest('[data-testid="alert-dialog"]')),
    );
    assert.ok(focusedInDialog, "focus should be inside the alert dialog");
    await screenshot(browser, "welcome-alert-dialog");

    await browser.keys("Escape");
    await dialog.waitForDisplayed({ reverse: true, timeout: TIMEOUT });
    assert.ok(await byTestId(browser, "welcome").isDisplayed());
  });
});
