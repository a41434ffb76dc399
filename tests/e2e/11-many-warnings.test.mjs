// A generated project with many planning warnings: Översikt shows ten per severity and a
// "Visa alla N" toggle (keyboard and aria-expanded), and lists them all when asked. A
// generated project has tens of warnings, as a real one; --flaws plants more of each kind.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { byTestId, env, launch, screenshot, TIMEOUT, waitForText } from "./helpers.mjs";

const shown = (browser, severity) =>
  browser.execute((s) => document.querySelectorAll(`#warnings-${s} > li`).length, severity);

describe("many planning warnings", () => {
  let browser;
  let total = 0;

  before(async () => {
    const file = path.join(env("MEDSKAPA_E2E_TMP"), "many-warnings.medskapa");
    execFileSync(env("MEDSKAPA_BIN"), [
      "generate", file, "--needs", "1000", "--activities", "100", "--questions", "40", "--seed", "1",
      "--flaws", "8",
    ]);
    const warnings = JSON.parse(
      execFileSync(env("MEDSKAPA_BIN"), ["check", file, "--today", env("MEDSKAPA_TODAY"), "--json"]).toString(),
    );
    total = warnings.filter((w) => w.severity === "warning").length;
    assert.ok(total > 10, `the generated project has more than ten warnings (has ${total})`);
    browser = await launch(["open", file]);
  });

  afterEach(async (t) => {
    await screenshot(browser, `many-warnings-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("shows ten warnings and offers all of them", async () => {
    await waitForText(browser, "view-oversikt", "Att göra");
    const more = byTestId(browser, "warnings-more-warning");
    await more.waitForExist({ timeout: TIMEOUT });
    assert.equal(await shown(browser, "warning"), 10);
    assert.equal(await more.getText(), `Visa alla ${total}`);
    assert.equal(await more.getAttribute("aria-expanded"), "false");
  });

  it("lists every warning from the keyboard and folds them again", async () => {
    const more = byTestId(browser, "warnings-more-warning");
    await browser.execute(() => document.querySelector('[data-testid="warnings-more-warning"]').focus());
    await browser.keys(Key.Enter);
    await browser.waitUntil(async () => (await shown(browser, "warning")) === total, {
      timeout: TIMEOUT,
      timeoutMsg: `the list never grew to ${total}`,
    });
    assert.equal(await more.getAttribute("aria-expanded"), "true");
    assert.equal(await more.getText(), "Visa färre");
    await browser.keys(Key.Enter);
    await browser.waitUntil(async () => (await shown(browser, "warning")) === 10, {
      timeout: TIMEOUT,
      timeoutMsg: "the list never folded back to ten",
    });
  });
});
