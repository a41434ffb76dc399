// Behov: capture needs with the keyboard only, tag them by type-ahead, find them with a
// search that folds å/ä/ö, merge two tags in the codebook and undo the merge with Ctrl+Z.
// Bad input: a 1 MB paste is refused beside the field; emoji and Arabic are kept as typed.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { byTestId, click, launchDemo, screenshot, TIMEOUT, waitForExisting, waitForGone, waitForText, pickChoice } from "./helpers.mjs";

/** The element that has the keyboard focus, by data-testid. */
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

/** Like waitForText, but reads innerText in the page (WebKit's getText says "" for some visible elements in a scrolled view). */
async function waitForInner(browser, id, expected) {
  let last = "";
  await browser.waitUntil(
    async () => {
      last = await browser.execute((tid) => document.querySelector(`[data-testid="${tid}"]`)?.innerText ?? "", id);
      return last.includes(expected);
    },
    { timeout: TIMEOUT, timeoutMsg: `[data-testid="${id}"] never showed ${expected} (last: "${last}")` },
  );
}

async function recentIds(browser) {
  const els = await browser.$$('[data-testid^="capture-recent-"]');
  const ids = [];
  for (const el of els) {
    const tid = await el.getAttribute("data-testid");
    if (tid !== "capture-recent") ids.push(tid.replace("capture-recent-", ""));
  }
  return ids;
}

/**
 * Type into the focused field. (Element "send keys": WebKitWebDriver's key actions drop a
 * repeated letter, so "öppet" would arrive as "öpet".)
 */
async function typeHere(browser, id, text) {
  await byTestId(browser, id).addValue(text);
}

async function chipCount(browser) {
  return (await browser.$$('[data-testid="capture-tags-chips"] .tag-chip')).length;
}

async function ctrlZ(browser) {
  await browser.action("key").down(Key.Ctrl).down("z").up("z").up(Key.Ctrl).perform();
}

/** Put text into a field as a paste would (one input event), then leave the focus there. */
async function paste(browser, id, text) {
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

describe("needs: capture, search, codebook and undo", () => {
  let browser;
  /** ids of the three tagged needs captured here, newest first */
  let captured = [];
  /** ids of every need captured here, newest first */
  let all = [];

  before(async () => {
    browser = await launchDemo("needs");
    await click(browser, "nav-behov");
    await waitForText(browser, "needs-count", /\d+ behov/);
  });

  afterEach(async (t) => {
    await screenshot(browser, `needs-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("captures three needs in activity a01 with the keyboard only, tagged by type-ahead", async () => {
    await click(browser, "needs-tab-capture");
    await pickChoice(browser, "capture-activity", "framtid", "a01");
    await waitForText(browser, "capture-target", "Framtidsverkstad");
    // the anonymity hint sits under the quote field
    await waitForText(browser, "capture-anon-hint", "aldrig namn");

    await click(browser, "capture-statement");
    const needs = [
      { statement: "En mötesplats för unga på kvällarna", quote: "Vi har ingenstans att vara efter sju.", tags: ["öppet"] },
      { statement: "Längre öppettider på helgerna", quote: "", tags: ["öppet", "tysta"] },
      { statement: "Tysta platser att plugga på", quote: "Hemma är det för trångt.", tags: ["tysta"] },
    ];
    for (const [i, n] of needs.entries()) {
      await waitFocus(browser, "capture-statement");
      await typeHere(browser, "capture-statement", n.statement);
      await browser.keys("Tab");
      await waitFocus(browser, "capture-quote");
      if (n.quote) await typeHere(browser, "capture-quote", n.quote);
      await browser.keys("Tab");
      await waitFocus(browser, "capture-tags");
      for (const [k, tag] of n.tags.entries()) {
        await typeHere(browser, "capture-tags", tag);
        // the suggestion list opens with the best match first; Enter picks it
        await waitForExisting(browser, '[data-testid="capture-tags-list"]:not([hidden]) [role="option"][aria-selected="true"]', "a tag suggestion");
        await browser.keys("Enter");
        await browser.waitUntil(async () => (await chipCount(browser)) === k + 1, { timeout: TIMEOUT, timeoutMsg: `tag ${tag} was not chosen` });
        await waitForGone(browser, '[data-testid="capture-tags-list"]:not([hidden])', "the suggestion list");
      }
      // Enter in the empty tag field (no list open) saves
      await browser.keys("Enter");
      await browser.waitUntil(async () => (await recentIds(browser)).length === i + 1, {
        timeout: TIMEOUT,
        timeoutMsg: `need ${i + 1} was not saved`,
      });
      await waitFocus(browser, "capture-statement");
      assert.equal(await byTestId(browser, "capture-statement").getValue(), "");
      assert.equal(await byTestId(browser, "capture-quote").getValue(), "");
    }
    captured = await recentIds(browser);
    assert.equal(captured.length, 3);
    // the first need (listed last) carries Öppettider (t1a); the second also Tysta rum (t1b)
    await waitForExisting(browser, `[data-testid="capture-recent-${captured[2]}"] [data-tag-id="t1a"]`);
    await waitForExisting(browser, `[data-testid="capture-recent-${captured[1]}"] [data-tag-id="t1b"]`);
    assert.match(await byTestId(browser, `capture-recent-${captured[2]}`).getText(), /En mötesplats för unga på kvällarna/);
  });

  it("refuses a 1 MB paste beside the field and keeps working", async () => {
    await paste(browser, "capture-statement", "ö".repeat(1024 * 1024));
    await browser.keys("Enter");
    const err = byTestId(browser, "field-error-statement");
    await err.waitForDisplayed({ timeout: TIMEOUT });
    assert.match(await err.getText(), /för lång/);
    assert.match(await err.getText(), /20\s000/);
    assert.equal(await byTestId(browser, "capture-statement").getAttribute("aria-invalid"), "true");
    assert.equal((await recentIds(browser)).length, 3, "nothing was saved");
    // clear it and save an ordinary need: the form still works
    await paste(browser, "capture-statement", "");
    await typeHere(browser, "capture-statement", "Kortare text");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await recentIds(browser)).length === 4, { timeout: TIMEOUT, timeoutMsg: "the short need was not saved" });
    await waitForGone(browser, '[data-testid="field-error-statement"]', "the too-long message");
  });

  it("keeps emoji and right-to-left text as typed", async () => {
    const text = "مكتبة 📚 för alla";
    await paste(browser, "capture-statement", text);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await recentIds(browser)).length === 5, { timeout: TIMEOUT, timeoutMsg: "the RTL need was not saved" });
    const [id] = await recentIds(browser);
    const p = await browser.$(`[data-testid="capture-recent-${id}"] .rn-statement`);
    assert.equal(await p.getText(), text);
    assert.equal(await p.getAttribute("dir"), "auto");
    all = await recentIds(browser);
    captured = all.slice(2); // the three tagged needs, newest first
  });

  it("shows the new needs in the list and finds “möt” with the hit highlighted", async () => {
    await click(browser, "needs-tab-list");
    for (const id of captured) await waitForExisting(browser, `[data-testid="need-row-${id}"]`, `need ${id} in the list`);
    await click(browser, "needs-search");
    await typeHere(browser, "needs-search", "möt");
    await waitForText(browser, "needs-count", "matchar filtret");
    const first = captured[2];
    await browser.waitUntil(
      async () => {
        const html = await browser.execute((tid) => document.querySelector(`[data-testid="${tid}"]`)?.innerHTML ?? "", `need-statement-${first}`);
        return html.includes("<mark>mötesplats</mark>");
      },
      { timeout: TIMEOUT, timeoutMsg: "the hit “mötesplats” was never marked" },
    );
    // needs without the word are filtered out
    await waitForGone(browser, `[data-testid="need-row-${captured[0]}"]`, "a need without “möt”");
    const mark = await browser.$(`[data-testid="need-statement-${first}"] mark`);
    assert.equal(await mark.getText(), "mötesplats");
    await screenshot(browser, "needs-search-highlight");
    // clear the search
    await click(browser, "nf-reset");
    await waitForExisting(browser, `[data-testid="need-row-${captured[0]}"]`);
  });

  it("merges Öppettider into Stadsparken in the codebook: the needs carry Stadsparken", async () => {
    await click(browser, "needs-tab-codebook");
    await click(browser, "tag-merge-t1a");
    const into = byTestId(browser, "merge-into-t1a");
    await into.waitForDisplayed({ timeout: TIMEOUT });
    await into.selectByAttribute("value", "t1d");
    await click(browser, "merge-go-t1a");
    await waitForText(browser, "choice-dialog", /Alla \d+ taggningar flyttas till ”Stadsparken”/);
    await screenshot(browser, "needs-merge-confirm");
    await click(browser, "confirm-merge");
    await waitForText(browser, "save-status", "är sammanslagen med ”Stadsparken”");
    await waitForGone(browser, '[data-testid="tag-item-t1a"]', "the merged tag");
    await waitForText(browser, "undo-button", "Ångra sammanslagningen av ”Öppettider”");

    await click(browser, "needs-tab-list");
    for (const id of [captured[2], captured[1]]) {
      await waitForExisting(browser, `[data-testid="need-tag-${id}-t1d"]`, `Stadsparken on ${id}`);
      assert.equal(await byTestId(browser, `need-tag-${id}-t1a`).isExisting(), false);
    }
  });

  it("undoes the merge with Ctrl+Z", async () => {
    // focus is on the List tab (a button): Ctrl+Z belongs to the workspace
    await ctrlZ(browser);
    await waitForText(browser, "save-status", "Ångrat: sammanslagningen av ”Öppettider”");
    for (const id of [captured[2], captured[1]]) {
      await waitForExisting(browser, `[data-testid="need-tag-${id}-t1a"]`, `Öppettider back on ${id}`);
    }
    await waitForGone(browser, `[data-testid="need-tag-${captured[2]}-t1d"]`, "Stadsparken on the first need");
    await click(browser, "needs-tab-codebook");
    await waitForExisting(browser, '[data-testid="tag-item-t1a"]', "Öppettider in the codebook again");
  });

  it("pins a tag, moves with J and toggles the pinned tag with key 1; Ctrl+Z undoes", async () => {
    await click(browser, "needs-tab-list");
    await click(browser, "nf-pin-t1c");
    await waitForInner(browser, "pin-bar", "Kreativa rum och studios");
    assert.equal(await byTestId(browser, "nf-pin-t1c").getAttribute("aria-pressed"), "true");
    // the newest need is the first row; J moves to the second ("Kortare text")
    await click(browser, `need-row-${all[0]}`);
    await waitFocus(browser, `need-row-${all[0]}`);
    await browser.keys("j");
    await waitFocus(browser, `need-row-${all[1]}`);
    await browser.keys("1");
    await waitForExisting(browser, `[data-testid="need-tag-${all[1]}-t1c"]`, "the pinned tag on the focused need");
    await waitForText(browser, "save-status", "”Kreativa rum och studios” tillagd på 1 behov");
    await waitFocus(browser, `need-row-${all[1]}`);
    await browser.keys("1");
    await waitForGone(browser, `[data-testid="need-tag-${all[1]}-t1c"]`, "the pinned tag, toggled off");
    await waitForInner(browser, "undo-button", "Ångra borttagningen av ”Kreativa rum och studios” (1 behov)");
    await ctrlZ(browser);
    await waitForText(browser, "save-status", "Ångrat: borttagningen av ”Kreativa rum och studios”");
    await waitForExisting(browser, `[data-testid="need-tag-${all[1]}-t1c"]`, "the tag back after undo");
    // the shortcut help is on screen
    await waitForInner(browser, "needs-shortcuts", "växla fäst tagg 1–9");
  });

  it("extends the selection with Shift+↓, deletes after asking, and Ctrl+Z brings the needs back", async () => {
    await click(browser, `need-row-${all[0]}`);
    await waitFocus(browser, `need-row-${all[0]}`);
    // one key per action: WebKitWebDriver drops a repeated key within one action sequence
    await browser.keys(["Shift", "ArrowDown"]);
    await waitFocus(browser, `need-row-${all[1]}`);
    await browser.keys(["Shift", "ArrowDown"]);
    await waitFocus(browser, `need-row-${all[2]}`);
    await browser.waitUntil(async () => (await browser.$$(".need-item.selected")).length === 3, {
      timeout: TIMEOUT,
      timeoutMsg: "three needs were not selected",
    });
    assert.match(await browser.execute(() => document.querySelector('[data-testid="selection-count"]').textContent), /3 markerade/);
    await browser.keys("Delete");
    await waitForText(browser, "choice-dialog", "Ta bort 3 behov?");
    await click(browser, "confirm-delete");
    await waitForText(browser, "save-status", "3 behov borttagna");
    for (const id of all.slice(0, 3)) await waitForGone(browser, `[data-testid="need-row-${id}"]`, `deleted need ${id}`);
    await ctrlZ(browser);
    await waitForText(browser, "save-status", "Ångrat: borttagningen av 3 behov");
    for (const id of all.slice(0, 3)) await waitForExisting(browser, `[data-testid="need-row-${id}"]`, `need ${id} back after undo`);
    // it comes back with its tag
    await waitForExisting(browser, `[data-testid="need-tag-${all[1]}-t1c"]`, "the restored need's tag");
  });
});
