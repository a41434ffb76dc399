// Tidslinje on a large generated project: it opens on today with markers in view (not an empty
// corner of a huge chart), draws only what is on screen, and a cluster ("12 dialoger") zooms in
// and shows the dialogues it holds; + and − zoom by keyboard. The size can be raised to try the
// view at scale: MEDSKAPA_TIMELINE_NEEDS (default 2000; a tenth as many activities and a
// hundredth as many key questions, at least 1000 and 100).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { byTestId, click, env, launch, screenshot, TIMEOUT, type, waitForExisting, waitForText, waitSaved } from "./helpers.mjs";

const NEEDS = Number(process.env.MEDSKAPA_TIMELINE_NEEDS ?? 2000);
const ACTIVITIES = Math.max(1000, NEEDS / 10);
const QUESTIONS = Math.max(100, NEEDS / 100);

/** The chart's visible box, the today line's x, and the markers drawn and in view. */
function chartState() {
  const chart = document.querySelector('[data-testid="timeline-chart"]');
  const box = chart.getBoundingClientRect();
  const line = document.querySelector('[data-testid="timeline-today-line"] line')?.getBoundingClientRect();
  const inView = (r) => r.right > box.left && r.left < box.right && r.bottom > box.top + 40 && r.top < box.bottom;
  const markers = [...chart.querySelectorAll(".tl-item .marker, .tl-cluster .pill")];
  return {
    left: box.left,
    right: box.right,
    todayX: line ? line.left : null,
    drawn: chart.querySelectorAll(".tl-item, .tl-cluster").length,
    visible: markers.filter((m) => inView(m.getBoundingClientRect())).length,
    // The drawing follows the scroll a moment after it: until then it shows where the chart was.
    follows: (() => {
      const vb = chart.querySelector("svg")?.viewBox.baseVal;
      return !!vb && vb.x === chart.scrollLeft && vb.y === chart.scrollTop;
    })(),
    across: markers.filter((m) => {
      const r = m.getBoundingClientRect();
      return r.right > box.left && r.left < box.right;
    }).length,
    clustersInView: [...chart.querySelectorAll(".tl-cluster")]
      .filter((c) => inView(c.getBoundingClientRect()))
      .map((c) => c.dataset.testid),
  };
}

describe("the timeline at scale", () => {
  let browser;

  before(async () => {
    const file = path.join(env("MEDSKAPA_E2E_TMP"), "timeline.medskapa");
    execFileSync(env("MEDSKAPA_BIN"), [
      "generate",
      "--needs", String(NEEDS),
      "--activities", String(ACTIVITIES),
      "--questions", String(QUESTIONS),
      file,
    ]);
    browser = await launch(["open", file]);
    // The project is loaded once Översikt counts its dialogues.
    await waitForText(browser, "count-planned", /^[1-9]/);
  });

  afterEach(async (t) => {
    await screenshot(browser, `timeline-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("opens on today, with today's line and markers on the first screen, drawing only those", async () => {
    // Timed in the page: from the click to the frame that shows today's line with markers beside it.
    const ms = await browser.executeAsync((done) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="nav-tidslinje"]').click();
      const poll = () => {
        const chart = document.querySelector('[data-testid="timeline-chart"]');
        const line = chart?.querySelector('[data-testid="timeline-today-line"] line');
        if (chart && line && chart.scrollLeft > 0) {
          const box = chart.getBoundingClientRect();
          const x = line.getBoundingClientRect().left;
          const shown = [...chart.querySelectorAll(".tl-item .marker")].some((m) => {
            const r = m.getBoundingClientRect();
            return r.right > box.left && r.left < box.right && r.bottom > box.top + 40 && r.top < box.bottom;
          });
          if (shown && x > box.left && x < box.right) {
            done(Math.round(performance.now() - t0));
            return;
          }
        }
        if (performance.now() - t0 > 20_000) done(-1);
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    assert.notEqual(ms, -1, "the timeline never showed today's line with markers beside it");
    console.log(`timeline with ${ACTIVITIES} dialogues and ${QUESTIONS} key questions shown ${ms} ms after the click`);
    const state = await browser.execute(chartState);
    assert.ok(state.visible > 0 && state.todayX > state.left && state.todayX < state.right, JSON.stringify(state));
    assert.ok(state.drawn < ACTIVITIES / 2, `${state.drawn} markers drawn for ${ACTIVITIES} dialogues: not only what is on screen`);
  });

  it("a cluster says what it holds, and choosing it zooms in and shows its dialogues", async () => {
    let state = null;
    // Year zoom groups the busiest weeks; scroll until a cluster is in view.
    await browser.waitUntil(
      async () => {
        state = await browser.execute(chartState);
        if (state.follows && state.clustersInView.length > 0) return true;
        await browser.execute(() => {
          document.querySelector('[data-testid="timeline-chart"]').scrollTop += 200;
        });
        return false;
      },
      { timeout: TIMEOUT, timeoutMsg: "no cluster came into view at year zoom" },
    );
    const id = state.clustersInView[0];
    const cluster = byTestId(browser, id);
    const count = Number(await cluster.getAttribute("data-count"));
    const label = await cluster.getAttribute("aria-label");
    assert.match(label, new RegExp(`^${count} dialog(er)? `), `the cluster's name says what it holds: ${label}`);
    const first = id.replace("timeline-cluster-activity-", "");
    assert.equal(await byTestId(browser, `timeline-activity-${first}`).isExisting(), false, "the held dialogue is not drawn before");
    await browser.execute((sel) => document.querySelector(sel).focus(), `[data-testid="${id}"]`);
    await browser.keys("Enter");
    await waitForExisting(browser, `[data-testid="timeline-activity-${first}"]`, "the cluster's first dialogue, drawn");
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === `timeline-activity-${first}`,
      { timeout: TIMEOUT, timeoutMsg: "the cluster's first dialogue did not take the focus" },
    );
    assert.equal(await byTestId(browser, "zoom-year").getAttribute("aria-pressed"), "false", "zoomed in from a year");
    // the arrow key moves on to the next marker in time
    await browser.keys("ArrowRight");
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.getAttribute("data-key"))) !== `activity-${first}`,
      { timeout: TIMEOUT, timeoutMsg: "ArrowRight did not move to the next marker" },
    );
    // Enter on a dialogue shows its details, read from the core, with the focus on their heading.
    const marker = `[data-testid="timeline-activity-${first}"]`;
    const name = await browser.execute((sel) => {
      const el = document.querySelector(sel);
      el.focus();
      return el.getAttribute("aria-label");
    }, marker);
    await browser.keys("Enter");
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === "tl-activity-h",
      { timeout: TIMEOUT, timeoutMsg: "the dialogue's details did not take the focus" },
    );
    const heading = await byTestId(browser, "timeline-activity-details").$("h2").getText();
    const title = heading.slice(heading.indexOf(": ") + 2);
    assert.ok(title.length > 0 && name.startsWith(title), `the details name the dialogue chosen: "${heading}" for "${name}"`);
  });

  it("+ and − zoom from the keyboard, and Gå till i dag comes back to today", async () => {
    await click(browser, "zoom-year");
    await browser.execute(() => document.querySelector('[data-testid="timeline-chart"]').focus());
    await browser.keys("+");
    await browser.waitUntil(async () => (await byTestId(browser, "zoom-year").getAttribute("aria-pressed")) === "false", {
      timeout: TIMEOUT,
      timeoutMsg: "+ did not zoom in",
    });
    await browser.execute(() => document.querySelector('[data-testid="timeline-chart"]').focus());
    await browser.keys("-");
    await browser.waitUntil(async () => (await byTestId(browser, "zoom-year").getAttribute("aria-pressed")) === "true", {
      timeout: TIMEOUT,
      timeoutMsg: "− did not zoom back out to a year",
    });
    // At a quarter the chart is several screens wide: its start is far from the part drawn.
    await click(browser, "zoom-quarter");
    await browser.waitUntil(
      async () =>
        await browser.execute(() => {
          const c = document.querySelector('[data-testid="timeline-chart"]');
          return c.scrollWidth > 4 * c.clientWidth && c.scrollLeft > 2 * c.clientWidth;
        }),
      { timeout: TIMEOUT, timeoutMsg: "Kvartal did not widen the chart" },
    );
    await browser.execute(() => {
      const c = document.querySelector('[data-testid="timeline-chart"]');
      c.scrollLeft = 0;
      c.scrollTop = 0;
    });
    // The part at the chart's start is asked for and drawn (its first dialogues may be further down).
    await browser.waitUntil(
      async () => {
        const s = await browser.execute(chartState);
        return s.follows && s.across > 0;
      },
      {
        timeout: TIMEOUT,
        timeoutMsg: "scrolled to the chart's start, no markers were drawn there",
      },
    );
    // Scrolled down to them, they are in view.
    await browser.execute(() => {
      const c = document.querySelector('[data-testid="timeline-chart"]');
      const box = c.getBoundingClientRect();
      const marker = [...c.querySelectorAll(".tl-item .marker, .tl-cluster .pill")]
        .map((m) => m.getBoundingClientRect())
        .find((r) => r.right > box.left && r.left < box.right);
      c.scrollTop += marker.top - box.top - box.height / 2;
    });
    await browser.waitUntil(
      async () => {
        const s = await browser.execute(chartState);
        return s.follows && s.visible > 0;
      },
      { timeout: TIMEOUT, timeoutMsg: "scrolled down at the chart's start, its markers were not in view" },
    );
    await click(browser, "timeline-today");
    await browser.waitUntil(
      async () => {
        const s = await browser.execute(chartState);
        return s.follows && s.todayX !== null && s.todayX > s.left && s.todayX < s.right && s.visible > 0;
      },
      { timeout: TIMEOUT, timeoutMsg: "Gå till i dag did not bring today's line back into view" },
    );
  });

  it("the list shows a page from today and more on request", async () => {
    await click(browser, "timeline-toggle-list");
    await waitForText(browser, "timeline-list-showing", /av/);
    const rows = () => browser.execute(() => document.querySelectorAll('[data-testid^="timeline-row-"]').length);
    assert.equal(await rows(), 100);
    const firstDate = await browser.execute(() => document.querySelector('[data-testid^="timeline-row-"] time')?.getAttribute("datetime"));
    assert.ok(firstDate >= "2026-11-29", `the list starts at today, not at ${firstDate}`);
    await click(browser, "timeline-list-more");
    await browser.waitUntil(async () => (await rows()) === 200, { timeout: TIMEOUT, timeoutMsg: "Visa fler did not add 100 rows" });
    await click(browser, "timeline-list-earlier");
    await browser.waitUntil(async () => (await rows()) === 300, { timeout: TIMEOUT, timeoutMsg: "Visa tidigare did not add 100 rows" });
    await click(browser, "timeline-toggle-list");
  });

  it("a dialogue added in Dialoger is shown on the chart from its form, and in the list (the kept layout is not reused)", async () => {
    const TITLE = "Kvällssamtal om läsfrämjande";
    await click(browser, "nav-dialoger");
    await browser.execute(() => document.querySelector('[data-testid="act-new"]')?.scrollIntoView({ block: "center" }));
    await click(browser, "act-new");
    await waitForText(browser, "act-form", "Ny dialog");
    await type(browser, "act-title", TITLE);
    await browser.execute(() => document.querySelector('[data-testid="act-save"]')?.scrollIntoView({ block: "center" }));
    await click(browser, "act-save");
    await waitSaved(browser);
    // Without a date it is not on the chart, and the form does not offer to show it there.
    await waitForExisting(browser, '[data-testid="act-duplicate"]', "the saved dialogue's form");
    assert.equal(await byTestId(browser, "act-show-timeline").isExisting(), false, "an undated dialogue offers Visa i tidslinjen");
    await type(browser, "act-starts_at", "2026-11-30 18:00");
    await browser.execute(() => document.querySelector('[data-testid="act-save"]')?.scrollIntoView({ block: "center" }));
    await click(browser, "act-save");
    await waitSaved(browser);
    await waitForExisting(browser, '[data-testid="act-show-timeline"]', "Visa i tidslinjen, once the dialogue has a date");
    // Visa i tidslinjen opens the chart on the dialogue, drawn on its own and focused.
    await browser.execute(() => document.querySelector('[data-testid="act-show-timeline"]')?.scrollIntoView({ block: "center" }));
    await click(browser, "act-show-timeline");
    await browser.waitUntil(
      async () =>
        await browser.execute((title) => {
          const chart = document.querySelector('[data-testid="timeline-chart"]');
          const el = document.activeElement;
          if (!chart || !el?.getAttribute("data-key")?.startsWith("activity-")) return false;
          if (!el.getAttribute("aria-label")?.startsWith(title)) return false;
          const box = chart.getBoundingClientRect();
          const r = (el.querySelector(".marker") ?? el).getBoundingClientRect();
          return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        }, TITLE),
      { timeout: TIMEOUT, timeoutMsg: "Visa i tidslinjen did not show the dialogue, in view and focused" },
    );
    await click(browser, "nav-tidslinje");
    await click(browser, "timeline-toggle-list");
    await waitForText(browser, "timeline-table", TITLE);
    await click(browser, "timeline-toggle-list");
  });
});
