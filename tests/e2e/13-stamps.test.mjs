// Who changed what: a project from before schema 2 opens (upgraded) and says its rows' makers
// are not known; in a current project the name given in Inställningar names the user in the
// "Skapad av … · Senast ändrad av …" line of a key question, an activity and a need, and a
// save moves the "last changed" part to now.
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, afterEach, describe, it } from "node:test";
import {
  byTestId,
  click,
  env,
  launch,
  launchDemo,
  screenshot,
  settle,
  TIMEOUT,
  type,
  waitForText,
  waitSaved,
} from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const V1 = path.join(here, "../../src-tauri/core/tests/fixtures/v1-demo.medskapa");
const NAME = "Anna Svensson";
const Q10 = "q10";
const DATE = /\d{1,2} (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec) \d{4}/;

describe("who changed what", () => {
  let browser;

  afterEach(async (t) => {
    // The first test ends its own session (the next opens another project).
    if (!browser) return;
    await settle(browser);
    await screenshot(browser, `stamps-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("a project from the previous version opens and its rows' makers are unknown", async () => {
    const file = path.join(env("MEDSKAPA_E2E_TMP"), "v1.medskapa");
    copyFileSync(V1, file);
    browser = await launch(["open", file]);
    await waitForText(browser, "project-name", "Nya stadsbiblioteket");
    await click(browser, "nav-nyckelfragor");
    await click(browser, `kq-list-question-${Q10}`);
    await waitForText(browser, "kq-stamp", "Skapad: okänt");
    await waitForText(browser, "kq-stamp", "Senast ändrad: okänt");
    await settle(browser);
    await screenshot(browser, "stamps-upgraded");
    await browser.deleteSession();
    browser = undefined;
  });

  it("the name given in Inställningar is saved", async () => {
    browser = await launchDemo("stamps");
    await click(browser, "nav-installningar");
    await type(browser, "settings-person-name", NAME);
    await click(browser, "settings-save-person");
    await waitSaved(browser);
  });

  it("a key question names who made it, and a save who changed it last", async () => {
    await click(browser, "nav-nyckelfragor");
    await click(browser, `kq-list-question-${Q10}`);
    const created = await waitForText(browser, "kq-stamp-created", `Skapad av ${NAME}`);
    assert.match(created, DATE);
    await type(browser, "kq-owner", "Erik Ek");
    await click(browser, "kq-save");
    await waitSaved(browser);
    const changed = await waitForText(browser, "kq-stamp-changed", `Senast ändrad av ${NAME}`);
    assert.match(changed, new RegExp(`${DATE.source} \\d{2}:\\d{2}$`));
    await browser.execute(() => document.querySelector('[data-testid="kq-stamp"]')?.scrollIntoView({ block: "center" }));
  });

  it("an activity and a need show who made them", async () => {
    await click(browser, "nav-dialoger");
    const item = browser.$('[data-testid^="act-item-"][type="button"]');
    await item.waitForClickable({ timeout: TIMEOUT });
    await item.click();
    await waitForText(browser, "act-stamp-created", `Skapad av ${NAME}`);
    assert.match(await byTestId(browser, "act-stamp-changed").getText(), /Senast ändrad av/);

    await click(browser, "nav-behov");
    const edit = browser.$("button.row-edit");
    await edit.waitForClickable({ timeout: TIMEOUT });
    await edit.click();
    await waitForText(browser, "need-edit-stamp-created", `Skapad av ${NAME}`);
  });
});
