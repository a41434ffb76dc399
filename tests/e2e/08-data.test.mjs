// Inställningar → Data. Every action here opens a native file dialog, which WebDriver cannot
// drive; what can be checked is that the section is there, labelled, and that the backup made
// when the project was opened is listed with its date and size.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, launchDemo, screenshot, settle, waitForExisting } from "./helpers.mjs";

describe("data in and out", () => {
  let browser;

  before(async () => {
    browser = await launchDemo("data");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `data-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("offers import, exports and backups in Inställningar", async () => {
    await click(browser, "nav-installningar");
    const section = await waitForExisting(browser, '[data-testid="settings-data"]', "the data section");
    const text = await section.getText();
    for (const words of ["Importera behov från enkät", "Exportera", "Importera projekt från JSON", "Säkerhetskopior"]) {
      assert.ok(text.includes(words), `the data section says ${words}`);
    }
    for (const id of [
      "data-pick",
      "data-export-needs-csv",
      "data-export-needs-xlsx",
      "data-export-activities-csv",
      "data-export-activities-xlsx",
      "data-export-json",
      "data-import-json",
      "data-save-copy",
    ]) {
      assert.equal(await byTestId(browser, id).isEnabled(), true, `${id} is enabled`);
    }
  });

  it("lists the backup made when the project was opened, with date and size", async () => {
    const row = await waitForExisting(browser, '[data-testid="data-backup-0"]', "a backup row");
    await browser.execute(() => document.querySelector('[data-testid="data-backups"]').scrollIntoView({ block: "center" }));
    const text = await row.getText();
    assert.match(text, /\d{1,2} \p{L}+ \d{4}/u, "a Swedish long date");
    assert.match(text, /\.medskapa/);
    assert.match(text, /\d+(,\d)? (kB|MB|byte)/);
    assert.match(await byTestId(browser, "data-restore-0").getAttribute("aria-label"), /^Återställ som ny fil: .+\.medskapa$/);
  });
});
