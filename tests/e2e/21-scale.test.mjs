// A generated project of 20,000 needs, 2,000 dialogues and 200 key questions: every view of
// the navigation shows its content (how fast is for `make measure-app`, not for a test).
// The language model analyses the needs in the background meanwhile, as it would for a user.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, env, launch, pickChoice, screenshot, selectValue, TIMEOUT, waitForExisting, waitForText } from "./helpers.mjs";

const NEEDS = 20_000;
const ACTIVITIES = 2_000;
const QUESTIONS = 200;

/** Open a view from the navigation and wait until it is the current one. */
async function open(browser, view) {
  await click(browser, `nav-${view}`);
  await browser.waitUntil(async () => (await byTestId(browser, `nav-${view}`).getAttribute("aria-current")) === "page", {
    timeout: TIMEOUT,
    timeoutMsg: `${view} did not open`,
  });
}

/** How many elements match `selector` in the window. */
async function count(browser, selector) {
  return browser.execute((s) => document.querySelectorAll(s).length, selector);
}

describe("a project of 20,000 needs", () => {
  let browser;
  /** How many of Dialoger's rows are drawn with the list at its top. */
  let drawnAtTop = 0;
  /** How many of Nyckelfrågor's rows are drawn with the list at its top. */
  let kqDrawnAtTop = 0;

  before(async () => {
    const file = path.join(env("MEDSKAPA_E2E_TMP"), "scale.medskapa");
    execFileSync(env("MEDSKAPA_BIN"), [
      "generate",
      "--needs", String(NEEDS),
      "--activities", String(ACTIVITIES),
      "--questions", String(QUESTIONS),
      "--seed", "7",
      file,
    ]);
    browser = await launch(["open", file]);
    await waitForExisting(browser, '[data-testid="nav-oversikt"]', "the navigation");
  });

  afterEach(async (t) => {
    await screenshot(browser, `scale-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("Översikt shows the counts and the next decisions", async () => {
    await waitForText(browser, "count-needs", "20");
    assert.match(await byTestId(browser, "count-needs").getText(), /20\s?000/);
    await waitForExisting(browser, '[data-testid^="next-decision-"]', "a next decision");
  });

  it("Tidslinje shows dialogues", async () => {
    await open(browser, "tidslinje");
    await waitForExisting(browser, '[data-testid="timeline-chart"] .tl-item, [data-testid="timeline-chart"] .tl-cluster', "a marker");
  });

  it("Nyckelfrågor draws the part on screen, and the keyboard reaches the last key question", async () => {
    await open(browser, "nyckelfragor");
    await waitForExisting(browser, '[data-testid^="kq-list-question-"]', "a key question");
    assert.ok((await count(browser, '[data-testid^="kq-list-decision-"]')) > 0, "decisions are listed");
    const questions = () => count(browser, 'button[data-testid^="kq-list-question-"]');
    const drawn = await questions();
    assert.ok(drawn > 0 && drawn < QUESTIONS / 2, `the part on screen is drawn, not all (drew ${drawn})`);
    kqDrawnAtTop = await count(browser, ".kq-list li");
    assert.equal(await count(browser, '.kq-list button[data-index][tabindex="0"]'), 1, "the list is one stop for Tab");
    await browser.execute(() => document.querySelector('.kq-list button[data-index][tabindex="0"]')?.focus());
    /** The focused row: its place, its level, and whether it is the last row of the list. */
    const at = () =>
      browser.execute(() => {
        const b = document.activeElement;
        const li = b?.closest("li");
        return {
          index: Number(b?.getAttribute("data-index") ?? -1),
          level: li?.getAttribute("aria-level"),
          last: !!li && li.nextElementSibling === null && li.parentElement?.style.paddingBottom === "0px",
          id: b?.getAttribute("data-testid") ?? "",
        };
      });
    const first = await at();
    assert.equal(first.index, 0);
    assert.match(first.id, /^kq-list-decision-/, "the list begins with a decision");
    assert.equal(first.level, "1");
    await browser.keys("ArrowDown");
    await browser.waitUntil(async () => (await at()).index === 1, { timeout: TIMEOUT, timeoutMsg: "ArrowDown did not move down a row" });
    const second = await at();
    assert.match(second.id, /^kq-list-question-/, "the decision's first key question follows it");
    assert.equal(second.level, "2", "a key question is a level in from its decision");
    await browser.keys("End");
    await browser.waitUntil(async () => (await at()).last, { timeout: TIMEOUT, timeoutMsg: "End did not reach the last row of the list" });
    const end = await at();
    assert.match(end.id, /^kq-list-question-/, "the list ends with a key question");
    assert.ok(end.index >= QUESTIONS, `the last row comes after every key question and decision (at ${end.index})`);
    assert.ok((await questions()) < QUESTIONS / 2, "the end of the list is drawn without the rest of it");
    await browser.keys("Home");
    await browser.waitUntil(async () => (await at()).index === 0, { timeout: TIMEOUT, timeoutMsg: "Home did not go back to the first row" });
    await browser.keys("PageDown");
    await browser.waitUntil(async () => (await at()).index > 2, { timeout: TIMEOUT, timeoutMsg: "Page Down did not move a screen down" });
    // Enter opens the focused item's form.
    await browser.keys("Enter");
    await waitForExisting(browser, '.kq-list button[aria-current="true"]', "the chosen item, marked as the one open");
  });

  it("a key question opened from Tidslinje's list is scrolled to in Nyckelfrågor's list, further down than was first drawn", async () => {
    await open(browser, "tidslinje");
    await click(browser, "timeline-toggle-list");
    await waitForExisting(browser, '[data-testid^="timeline-row-question-"]', "a key question in the timeline's list");
    // The last key question of the list's page: the latest, near the end of Nyckelfrågor's list.
    const id = await browser.execute(() => [...document.querySelectorAll('[data-testid^="timeline-row-question-"]')].at(-1)?.dataset.testid.slice("timeline-row-question-".length) ?? "");
    await browser.$(`[data-testid="timeline-row-question-${id}"] button`).click();
    const row = await waitForExisting(browser, `button[data-testid="kq-list-question-${id}"][aria-current="true"]`, "the key question's row, marked as the one open");
    const index = Number(await row.getAttribute("data-index"));
    assert.ok(index >= kqDrawnAtTop, `the key question (row ${index + 1}) lies below the ${kqDrawnAtTop} rows first drawn`);
    await browser.waitUntil(
      () =>
        browser.execute((r) => {
          const box = r.getBoundingClientRect();
          const list = r.closest(".vlist-scroll").getBoundingClientRect();
          return box.top >= list.top && box.bottom <= list.bottom;
        }, row),
      { timeout: TIMEOUT, timeoutMsg: "the key question's row was not scrolled into the list's view" },
    );
  });

  it("Dialoger draws the part of the 2,000 on screen, and the keyboard reaches the last one", async () => {
    await open(browser, "dialoger");
    await waitForText(browser, "act-count", "2");
    assert.match(await byTestId(browser, "act-count").getText(), /2\s?000/);
    const rows = () => count(browser, 'button[data-testid^="act-item-"]');
    await waitForExisting(browser, 'button[data-testid^="act-item-"]', "a dialogue");
    const drawn = await rows();
    assert.ok(drawn > 0 && drawn < 200, `the part on screen is drawn, not all (drew ${drawn})`);
    drawnAtTop = drawn;
    // One stop for Tab, at the first row.
    const stops = await count(browser, 'button[data-testid^="act-item-"][tabindex="0"]');
    assert.equal(stops, 1, "the list is one stop for Tab");
    await browser.execute(() => document.querySelector('button[data-testid^="act-item-"][tabindex="0"]')?.focus());
    /** The focused row's place in the list (aria-posinset), and what it is. */
    const at = () =>
      browser.execute(() => {
        const b = document.activeElement;
        return { pos: Number(b?.closest("li")?.getAttribute("aria-posinset") ?? 0), of: b?.closest("li")?.getAttribute("aria-setsize"), id: b?.getAttribute("data-testid") ?? "" };
      });
    assert.equal((await at()).pos, 1);
    await browser.keys("End");
    await browser.waitUntil(async () => (await at()).pos === ACTIVITIES, {
      timeout: TIMEOUT,
      timeoutMsg: "End did not reach the last of the dialogues",
    });
    const last = await at();
    assert.equal(last.of, String(ACTIVITIES), "each row says how long the list is");
    assert.match(last.id, /^act-item-/);
    assert.ok((await rows()) < 200, "the end of the list is drawn without the rest of it");
    await browser.keys("ArrowUp");
    await browser.waitUntil(async () => (await at()).pos === ACTIVITIES - 1, { timeout: TIMEOUT, timeoutMsg: "ArrowUp did not move up a row" });
    await browser.keys("Home");
    await browser.waitUntil(async () => (await at()).pos === 1, { timeout: TIMEOUT, timeoutMsg: "Home did not go back to the first dialogue" });
    await browser.keys("PageDown");
    await browser.waitUntil(async () => (await at()).pos > 2, { timeout: TIMEOUT, timeoutMsg: "Page Down did not move a screen down" });

    // Its form lists the linked key questions and a few more of the 200, found by typing.
    await browser.keys("Enter");
    await waitForText(browser, "act-questions-shown", "av 200");
    const boxes = () => count(browser, 'input[data-testid^="act-question-"]');
    const listed = await boxes();
    assert.ok(listed > 0 && listed < QUESTIONS, `some of the key questions are listed (${listed})`);
    await byTestId(browser, "act-questions-filter").setValue("ingen sådan fråga");
    await browser.waitUntil(async () => (await boxes()) < listed, {
      timeout: TIMEOUT,
      timeoutMsg: "typing did not narrow the key questions",
    });
  });

  it("Räckvidd shows the latest held dialogues a table's width at a time, and the totals of all", async () => {
    await click(browser, "act-tab-reach");
    await waitForExisting(browser, '[data-testid="reach-matrix"]', "the reach matrix");
    const shown = await byTestId(browser, "reach-columns-shown").getText();
    const held = Number(/av ([\d\s\u00a0]+) i tabellen/.exec(shown)?.[1].replace(/\D/g, ""));
    assert.ok(held > 100, `hundreds of the dialogues are held (the text says: "${shown}")`);
    const columns = await count(browser, '[data-testid^="reach-col-"]:not([data-testid^="reach-col-total-"])');
    assert.ok(columns > 0 && columns <= 12, `a table's width of columns, not ${held} (drew ${columns})`);
    await click(browser, "reach-earlier");
    await waitForText(browser, "reach-columns-shown", `Dialog ${(held - 2 * columns + 1).toLocaleString("sv-SE")}–`);
    await click(browser, "act-tab-list");
  });

  it("a dialogue opened from Räckvidd is scrolled to in Dialoger's list, further down than was first drawn", async () => {
    await click(browser, "act-tab-reach");
    await waitForExisting(browser, '[data-testid="reach-matrix"] th button', "a dialogue's column in the reach table");
    // The last column's dialogue (the table lists held ones, which come after the coming ones).
    const id = await browser.execute(() => {
      const cols = [...document.querySelectorAll('th[data-testid^="reach-col-"]')].filter((c) => !c.dataset.testid.startsWith("reach-col-total-"));
      return cols.at(-1)?.dataset.testid.slice("reach-col-".length) ?? "";
    });
    assert.notEqual(id, "", "the reach table has a dialogue's column");
    await browser.$(`th[data-testid="reach-col-${id}"] button`).click();
    const row = await waitForExisting(browser, `button[data-testid="act-item-${id}"][aria-current="true"]`, "the dialogue's row, marked as the one open");
    const pos = Number(await browser.execute((r) => r.closest("li")?.getAttribute("aria-posinset") ?? 0, row));
    assert.ok(pos > drawnAtTop, `the dialogue (at ${pos}) lies below the ${drawnAtTop} rows first drawn`);
    await browser.waitUntil(
      () =>
        browser.execute((r) => {
          const box = r.getBoundingClientRect();
          const list = r.closest(".act-scroll").getBoundingClientRect();
          return box.top >= list.top && box.bottom <= list.bottom;
        }, row),
      { timeout: TIMEOUT, timeoutMsg: "the dialogue's row was not scrolled into the list's view" },
    );
  });

  it("with a filter on, Dialoger's list starts from the top and the keyboard reaches the last dialogue it lets through", async () => {
    await browser.$(".act-filters summary").click();
    await selectValue(browser, "act-filter-status", "reported_back");
    await waitForText(browser, "act-count", "Visar");
    const shown = await byTestId(browser, "act-count").getText();
    const reported = Number(/Visar ([\d\s\u00a0]+) av/.exec(shown)?.[1].replace(/\D/g, ""));
    assert.ok(reported > 100 && reported < ACTIVITIES, `hundreds of the dialogues are reported back (the count says: "${shown}")`);
    const top = await browser.execute(() => document.querySelector(".act-scroll")?.scrollTop ?? -1);
    assert.equal(top, 0, "the filtered list starts from the top");
    await browser.execute(() => document.querySelector('button[data-testid^="act-item-"][tabindex="0"]')?.focus());
    const at = () =>
      browser.execute(() => {
        const li = document.activeElement?.closest("li");
        return { pos: Number(li?.getAttribute("aria-posinset") ?? 0), of: li?.getAttribute("aria-setsize") ?? "" };
      });
    assert.equal((await at()).pos, 1);
    await browser.keys("End");
    await browser.waitUntil(async () => (await at()).pos === reported, { timeout: TIMEOUT, timeoutMsg: "End did not reach the last dialogue reported back" });
    assert.equal((await at()).of, String(reported), "each row says how long the filtered list is");
    const statuses = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="act-item-status-"]')].map((s) => s.textContent?.trim() ?? ""),
    );
    assert.ok(statuses.length > 0 && statuses.every((s) => s === "Återkopplad"), `only dialogues reported back are drawn (${[...new Set(statuses)].join(", ")})`);
    await click(browser, "act-filter-clear");
    await waitForText(browser, "act-count", "sorterade efter datum");
  });

  it("Behov lists a page of needs and filters them by a dialogue chosen by typing", async () => {
    await open(browser, "behov");
    await click(browser, "needs-tab-list");
    await waitForText(browser, "needs-count", "20");
    await waitForExisting(browser, '[data-testid^="need-row-"]', "a need");
    // The picker offers what the core finds, nearest in time first: take the first one it
    // offers, then find it again by the first words of its title.
    await click(browser, "nf-activity");
    const offered = await waitForExisting(browser, '[data-testid="nf-activity-options"] [role="option"]:nth-child(2)', "a dialogue offered");
    const id = (await offered.getAttribute("data-testid")).replace("nf-activity-option-", "");
    const title = await offered.$("span").getText();
    await browser.keys("Escape");
    await pickChoice(browser, "nf-activity", title.split(/\s+/).slice(0, 3).join(" "), id);
    await waitForText(browser, "needs-count", "matchar filtret");
  });

  it("Behov filters by a key question chosen by typing, offered a few of the 200 at a time", async () => {
    await click(browser, "nf-question");
    const options = '[data-testid="nf-question-options"] [role="option"]';
    const offered = await waitForExisting(browser, `${options}:nth-child(2)`, "a key question offered");
    // "None" and the first twenty, and a line saying there are more.
    assert.equal(await count(browser, options), 21);
    await waitForText(browser, "nf-question-options", "skriv mer");
    const id = (await offered.getAttribute("data-testid")).replace("nf-question-option-", "");
    const title = await offered.$("span").getText();
    await browser.keys("Escape");
    await pickChoice(browser, "nf-question", title, id);
    await waitForText(browser, "needs-count", "matchar filtret");
    assert.equal(await byTestId(browser, "nf-question").getValue(), title);
  });

  it("Insikter lists the insights", async () => {
    await open(browser, "insikter");
    await waitForExisting(browser, '[data-testid^="insight-item-"]', "an insight");
  });

  it("Beslutsunderlag offers the decisions", async () => {
    await open(browser, "beslutsunderlag");
    await waitForExisting(browser, '[data-testid="brief-target"]', "the choice of decision");
    assert.ok((await count(browser, '[data-testid="brief-target"] option')) > 1, "decisions to choose from");
  });

  it("Uppföljning lists the commitments", async () => {
    await open(browser, "uppfoljning");
    await waitForExisting(browser, '[data-testid^="commitment-item-"]', "a commitment");
  });

  it("Inställningar shows the settings", async () => {
    await open(browser, "installningar");
    await waitForExisting(browser, '[data-testid="settings-data"]', "the data settings");
  });
});
