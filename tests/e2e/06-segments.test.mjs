// Målgrupper in Inställningar: a new priority segment nobody has heard is warned about in
// Översikt; it is renamed, merged away (the warning goes), and deleting a segment in use asks
// first, with the counts.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  byTestId,
  click,
  launchDemo,
  screenshot,
  settle,
  TIMEOUT,
  type,
  waitForExisting,
  waitForGone,
  waitForText,
  waitSaved,
} from "./helpers.mjs";

async function segmentIdByName(browser, name) {
  let id = "";
  await browser.waitUntil(
    async () => {
      id = await browser.execute((n) => {
        const el = [...document.querySelectorAll('[data-testid^="segment-name-"]')].find((e) => e.textContent.trim() === n);
        return el ? el.getAttribute("data-testid").slice("segment-name-".length) : "";
      }, name);
      return id !== "";
    },
    { timeout: TIMEOUT, timeoutMsg: `no segment named ${name}` },
  );
  return id;
}

describe("segments in the settings", () => {
  let browser;
  let id = "";

  before(async () => {
    browser = await launchDemo("segments");
    await click(browser, "nav-installningar");
    await waitForExisting(browser, '[data-testid="settings-segments"]', "the segments section");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `segments-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("adds a priority segment, which Översikt then reports as not heard", async () => {
    await type(browser, "segment-new-name", "Pensionärer");
    await type(browser, "segment-new-description", "Invånare som slutat arbeta.");
    await click(browser, "segment-new-priority");
    await click(browser, "segment-add");
    await waitSaved(browser);
    id = await segmentIdByName(browser, "Pensionärer");
    await waitForText(browser, `segment-priority-${id}`, "Prioriterad");

    await click(browser, "nav-oversikt");
    await waitForExisting(
      browser,
      `[data-testid="warning-list"] li[data-code="segment_unheard"][data-id="${id}"]`,
      "the segment_unheard warning",
    );
    await click(browser, "nav-installningar");
  });

  it("refuses a second segment with the same name, beside the field", async () => {
    await type(browser, "segment-new-name", "seniorer");
    await click(browser, "segment-add");
    const err = await waitForExisting(browser, "#seg-new-name-error", "the duplicate-name message");
    assert.match(await err.getText(), /finns redan/);
    assert.equal(await byTestId(browser, "segment-new-name").getAttribute("aria-invalid"), "true");
    await type(browser, "segment-new-name", "");
  });

  it("renames it", async () => {
    await click(browser, `segment-edit-${id}`);
    await type(browser, "segment-edit-name", "Nyblivna pensionärer");
    await click(browser, "segment-save");
    await waitForText(browser, `segment-name-${id}`, "Nyblivna pensionärer");
  });

  it("merges it into Seniorer after a confirmation, and the warning goes", async () => {
    await click(browser, `segment-merge-${id}`);
    const dialog = byTestId(browser, "segment-merge-dialog");
    await dialog.waitForDisplayed({ timeout: TIMEOUT });
    // confirming without a target says what is missing
    await click(browser, "segment-merge-confirm");
    await waitForText(browser, "field-error-merge-into", "Välj");
    await byTestId(browser, "segment-merge-into").selectByAttribute("value", "seg4");
    await waitForText(browser, "segment-merge-dialog", "läggs ihop med ”Seniorer”");
    await settle(browser);
    await screenshot(browser, "segments-merge-dialog");
    await click(browser, "segment-merge-confirm");
    await dialog.waitForDisplayed({ reverse: true, timeout: TIMEOUT });
    await waitForGone(browser, `[data-testid="segment-${id}"]`, "the merged segment");

    await click(browser, "nav-oversikt");
    await waitForExisting(browser, '[data-testid="warning-list"] li', "the warning list");
    await waitForGone(browser, `[data-testid="warning-list"] li[data-id="${id}"]`, "the segment_unheard warning");
    await click(browser, "nav-installningar");
  });

  it("asks with the counts before deleting a segment in use", async () => {
    await click(browser, "segment-delete-seg8"); // Personal: in two activities and two needs
    await click(browser, "confirm-delete");
    await waitForText(browser, "choice-dialog", "används");
    const body = await byTestId(browser, "choice-dialog").getText();
    assert.match(body, /11 deltagare i 2 dialoger och 2 behov/);
    await settle(browser);
    await screenshot(browser, "segments-in-use");

    await click(browser, "confirm-cancel");
    await waitForExisting(browser, '[data-testid="segment-seg8"]', "the segment, kept after Avbryt");

    await click(browser, "segment-delete-seg8");
    await click(browser, "confirm-delete");
    await waitForText(browser, "choice-dialog", "används");
    await click(browser, "confirm-force-delete");
    await waitForGone(browser, '[data-testid="segment-seg8"]', "the deleted segment");
    await waitForText(browser, "save-status", "Borttaget");
  });
});
