// The local language model in the window, on the demo project: tag suggestions while a need
// is written (picked by keyboard only, never applied on their own), "Liknande behov" for a
// near copy of a demo need, the model's status line, "Möjliga dubbletter" with its merge
// dialog, and search by meaning.
//
// Needs the model file (target/model/e5-small-q4.bin, or $MEDSKAPA_MODEL; `make model`
// fetches it): without it the suite is skipped, or fails when MEDSKAPA_REQUIRE_MODEL=1.
// The app embeds the demo's needs in the background; every step polls with a generous
// timeout instead of sleeping.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, afterEach, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { accessibilityProblems, describeProblems } from "./axe.mjs";
import { byTestId, click, launchDemo, screenshot, selectValue, settle, TIMEOUT, waitForExisting, waitForText, pickChoice } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const MODEL = process.env.MEDSKAPA_MODEL || path.join(here, "../../target/model/e5-small-q4.bin");
const HAVE_MODEL = existsSync(MODEL);
const REQUIRE_MODEL = process.env.MEDSKAPA_REQUIRE_MODEL === "1";
/** The model answers within this (the first answer loads the model and embeds the tags). */
const AI_TIMEOUT = 60_000;

/** Demo need n009 and its tag: borrowing tools instead of buying them. */
const TOOLS_TAG = "t4a";
const TOOLS_TEXT = "Vi vill kunna låna verktyg och utrustning i stället för att köpa egna";
/** A near copy of demo need n003's statement. */
const QUIET_COPY = "Behov av tysta zoner som verkligen är tysta och som ligger avskilda från caféet och evenemangen.";

async function focusedTestId(browser) {
  return browser.execute(() => document.activeElement?.getAttribute("data-testid") ?? "");
}

async function waitFocus(browser, id) {
  let last = "";
  await browser.waitUntil(
    async () => {
      last = await focusedTestId(browser);
      return last === id;
    },
    { timeout: TIMEOUT, timeoutMsg: `focus never reached ${id} (last: ${last})` },
  );
}

/** The tag ids of the suggestions shown under the capture form, in order. */
async function suggestedTags(browser, prefix = "capture") {
  return browser.execute(
    (p) => [...document.querySelectorAll(`[data-testid^="${p}-suggest-"][data-tag-id]`)].map((b) => b.dataset.tagId),
    prefix,
  );
}

async function waitSuggestions(browser, what, test) {
  let last = [];
  await browser.waitUntil(
    async () => {
      last = await suggestedTags(browser);
      return test(last);
    },
    { timeout: AI_TIMEOUT, timeoutMsg: `the tag suggestions never ${what} (last: ${last.join(", ")})` },
  );
  return last;
}

async function chosenTags(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="capture-tags-chip-"]:not([data-testid$="-remove"])')].map((c) =>
      c.dataset.testid.replace("capture-tags-chip-", ""),
    ),
  );
}

/** Put text into a field as typing would end (one input event); the focus stays there. */
async function fill(browser, id, text) {
  await browser.execute(
    (tid, value) => {
      const el = document.querySelector(`[data-testid="${tid}"]`);
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    id,
    text,
  );
}

/** An element's text as shown (WebKit's getText says "" for some visible elements). */
async function innerText(browser, id) {
  return browser.execute((tid) => document.querySelector(`[data-testid="${tid}"]`)?.innerText ?? "", id);
}

async function needsCount(browser) {
  const text = await byTestId(browser, "needs-count").getText();
  return Number(text.replace(/\s/g, "").match(/\d+/)?.[0] ?? NaN);
}

describe("the local language model", { skip: !HAVE_MODEL && !REQUIRE_MODEL ? `no language model at ${MODEL}` : false }, () => {
  let browser;

  before(async () => {
    assert.ok(HAVE_MODEL, `MEDSKAPA_REQUIRE_MODEL=1, but there is no language model at ${MODEL} (run scripts/fetch-model)`);
    browser = await launchDemo("ai");
    await click(browser, "nav-behov");
    await waitForText(browser, "needs-count", /\d+ behov/);
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `ai-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("says how many needs it has analysed, and ends with all of them", async () => {
    const total = await needsCount(browser);
    let last = "";
    await browser.waitUntil(
      async () => {
        last = await innerText(browser, "ai-status-text");
        return last.includes(`${total} av ${total} behov analyserade`);
      },
      { timeout: AI_TIMEOUT, timeoutMsg: `the status never said all ${total} needs were analysed (last: "${last}")` },
    );
    assert.equal(await byTestId(browser, "ai-cancel").isExisting(), false, "a cancel button while nothing runs");
  });

  it("suggests three tags while a need is typed; Tab and Enter add one, nothing is added unasked", async () => {
    await click(browser, "needs-tab-capture");
    await click(browser, "capture-statement");
    await byTestId(browser, "capture-statement").addValue(TOOLS_TEXT);
    const shown = await waitSuggestions(browser, "showed three tags with the tools tag", (l) => l.length === 3 && l.includes(TOOLS_TAG));
    assert.deepEqual(await chosenTags(browser), [], "a suggestion was added without the user");
    assert.equal(await byTestId(browser, "capture-suggest").getAttribute("aria-labelledby"), "capture-suggest-h");

    // Tab: statement → quote → tag field → the first suggestion; then Enter adds it.
    await waitFocus(browser, "capture-statement");
    await browser.keys("Tab");
    await waitFocus(browser, "capture-quote");
    await browser.keys("Tab");
    await waitFocus(browser, "capture-tags");
    await browser.keys("Tab");
    await waitFocus(browser, "capture-suggest-0");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await chosenTags(browser)).includes(shown[0]), {
      timeout: TIMEOUT,
      timeoutMsg: `Enter on the first suggestion did not add ${shown[0]} (chosen: ${(await chosenTags(browser)).join(", ")})`,
    });
    // The chosen tag is not suggested again, and the keyboard stays in the list.
    await waitSuggestions(browser, `left out the chosen ${shown[0]}`, (l) => l.length > 0 && !l.includes(shown[0]));
    assert.match(await focusedTestId(browser), /^capture-suggest-\d$/);
  });

  it("adds the second suggestion with Alt+2 from the statement field", async () => {
    await click(browser, "capture-statement");
    const before = await chosenTags(browser);
    const shown = await waitSuggestions(browser, "showed two or more", (l) => l.length >= 2);
    await browser.action("key").down(Key.Alt).down("2").up("2").up(Key.Alt).perform();
    await browser.waitUntil(async () => (await chosenTags(browser)).includes(shown[1]), {
      timeout: TIMEOUT,
      timeoutMsg: `Alt+2 did not add ${shown[1]}`,
    });
    assert.deepEqual(await chosenTags(browser), [...before, shown[1]]);
    await waitFocus(browser, "capture-statement");
  });

  it("shows a demo need under 'Liknande behov' for a near copy of its statement, as a link to it", async () => {
    await fill(browser, "capture-statement", QUIET_COPY);
    await fill(browser, "capture-quote", "");
    await fill(browser, "capture-statement", QUIET_COPY);
    const item = byTestId(browser, "capture-similar-n003");
    await item.waitForExist({ timeout: AI_TIMEOUT, timeoutMsg: "n003 never showed under Liknande behov" });
    await waitForText(browser, "capture-similar", "Liknande behov");
    const text = await item.getText();
    assert.match(text, /tysta zoner/);
    assert.match(text, /Dialog: /, "the activity is not named");
    // An unrelated text lists nothing.
    await fill(browser, "capture-statement", "Cykelställ vid entrén mot järnvägsstationen");
    await browser.waitUntil(async () => !(await byTestId(browser, "capture-similar-n003").isExisting()), {
      timeout: AI_TIMEOUT,
      timeoutMsg: "n003 stayed under Liknande behov for an unrelated text",
    });
  });

  it("finds the saved near copy among 'Möjliga dubbletter' and merges it after confirming", async () => {
    // Save the near copy with a quote of its own.
    await fill(browser, "capture-statement", QUIET_COPY);
    await fill(browser, "capture-quote", "Det är aldrig tyst någonstans.");
    await click(browser, "capture-save");
    await waitForExisting(browser, '[data-testid^="capture-recent-"]:not([data-testid="capture-recent"])', "the saved need");
    const copyId = await browser.execute(() =>
      document.querySelector('[data-testid^="capture-recent-"]:not([data-testid="capture-recent"])').dataset.testid.replace("capture-recent-", ""),
    );

    await click(browser, "needs-tab-list");
    await waitForText(browser, "needs-count", /\d+ behov/);
    const before = await needsCount(browser);
    await click(browser, "needs-tab-duplicates");
    await waitForExisting(browser, '[data-testid="duplicates"]', "the duplicates panel");
    // The copy is analysed in the background; the list shows the pair once it is.
    let pairIndex = -1;
    await browser.waitUntil(
      async () => {
        pairIndex = await browser.execute(
          (id) =>
            [...document.querySelectorAll('[data-testid^="dup-pair-"]')].findIndex(
              (li) => li.querySelector('[data-testid="dup-need-n003"]') && li.querySelector(`[data-testid="dup-need-${id}"]`),
            ),
          copyId,
        );
        if (pairIndex < 0) await click(browser, "needs-tab-duplicates");
        return pairIndex >= 0;
      },
      { timeout: AI_TIMEOUT, timeoutMsg: `n003 and ${copyId} never showed as a pair` },
    );

    // Escape closes the dialog and gives the focus back to its button.
    await click(browser, `dup-merge-${pairIndex}`);
    await waitForExisting(browser, '[data-testid="merge-needs-dialog"][open]', "the merge dialog");
    await browser.keys("Escape");
    await browser.waitUntil(async () => !(await browser.execute(() => document.querySelector('[data-testid="merge-needs-dialog"]').open)), {
      timeout: TIMEOUT,
      timeoutMsg: "Escape did not close the merge dialog",
    });
    await waitFocus(browser, `dup-merge-${pairIndex}`);

    // Merge, keeping the demo need: the dialog says the copy goes and what n003 keeps.
    await click(browser, `dup-merge-${pairIndex}`);
    await waitForExisting(browser, '[data-testid="merge-needs-dialog"][open]', "the merge dialog");
    await settle(browser);
    const { problems } = await accessibilityProblems(browser);
    assert.equal(problems.length === 0 ? "" : describeProblems("the merge dialog", problems), "");
    const result = await byTestId(browser, "merge-needs-result").getText();
    assert.match(result, /tas bort/);
    assert.match(result, /båda citaten, alla taggar och målgrupper, och alla insikter och åtaganden/);
    await click(browser, "merge-keep-a");
    const kept = await browser.execute(() => document.querySelector('[data-testid="merge-keep-a"]').closest("label").textContent);
    assert.match(kept, /tysta zoner som verkligen är tysta och ligger/, "the first need is not the demo's n003");
    await click(browser, "merge-confirm");
    await browser.waitUntil(async () => !(await browser.execute(() => document.querySelector('[data-testid="merge-needs-dialog"]').open)), {
      timeout: TIMEOUT,
      timeoutMsg: "the merge dialog did not close after merging",
    });
    await browser.waitUntil(async () => !(await byTestId(browser, `dup-need-${copyId}`).isExisting()), {
      timeout: TIMEOUT,
      timeoutMsg: "the merged pair is still listed",
    });

    await click(browser, "needs-tab-list");
    await browser.waitUntil(async () => (await needsCount(browser)) === before - 1, {
      timeout: TIMEOUT,
      timeoutMsg: `the list did not lose one need (was ${before})`,
    });
    // n003 kept both quotes.
    await pickChoice(browser, "nf-activity", "framtid", "a01");
    await fill(browser, "needs-search", "tysta zoner");
    await browser.keys("Enter");
    await waitForText(browser, "need-list", "Det är aldrig tyst någonstans.");
    await waitForText(browser, "need-list", "författarsamtal");
  });

  it("searches by meaning beside the full-text search", async () => {
    await click(browser, "nf-reset");
    const words = "skruvdragare hemma";
    await fill(browser, "needs-search", words);
    await browser.keys("Enter");
    await waitForText(browser, "needs-count", /^0 behov/);
    const meaning = byTestId(browser, "needs-meaning");
    assert.equal(await meaning.isEnabled(), true, "the meaning switch is disabled with the model installed");
    await click(browser, "needs-meaning");
    await waitForExisting(browser, '[data-testid="need-row-n009"]', "n009 (borrowing tools) found by meaning");
  });
});
