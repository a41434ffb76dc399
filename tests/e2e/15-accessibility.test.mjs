// Accessibility in the real window: axe-core's WCAG 2.1 A/AA rules on every view, the welcome
// screen, and with every form and dialog open (zero violations; contrast axe cannot decide is measured by axe.mjs), and
// the things axe does not see: focus not hidden by the sticky save bar (WCAG 2.2, 2.4.11), the
// export message, Swedish names in Inställningar, whole timeline labels, the Dialoger order.
// Last, the standalone HTML brief (when the CLI writes one) checked the same way in WebKit.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { accessibilityProblems, describeProblems } from "./axe.mjs";
import {
  byTestId,
  click,
  DEMO_NAME,
  env,
  launchDemo,
  screenshot,
  TIMEOUT,
  selectValue,
  settle,
  type,
  waitForExisting,
  waitForText,
  waitSaved,
} from "./helpers.mjs";

/** The language model's first answer may take a while (it loads, and embeds the tags). */
const AI_TIMEOUT = 60_000;

const VIEWS = ["oversikt", "tidslinje", "nyckelfragor", "dialoger", "behov", "insikter", "beslutsunderlag", "uppfoljning", "installningar"];

describe("accessibility (axe-core, WCAG 2.1 A and AA)", () => {
  let browser;

  /** Problems found on the page now, as a failure message ("" when clean). */
  async function problemsAt(where) {
    await settle(browser);
    const { problems, notes, measured } = await accessibilityProblems(browser);
    for (const n of notes) console.log(`${where}: contrast not measured: ${n}`);
    if (measured > 0) console.log(`${where}: measured the contrast of ${measured} text(s) axe left undecided`);
    return problems.length === 0 ? "" : describeProblems(where, problems);
  }

  async function view(v) {
    await click(browser, `nav-${v}`);
    await waitForExisting(browser, `[data-testid="view-${v}"] h1`, `the view ${v}`);
  }

  before(async () => {
    browser = await launchDemo("accessibility");
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `accessibility-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
  });

  it("the check itself fails on a planted unlabelled input and low-contrast text", async () => {
    // Plant an <input> without a label and light grey text on white, run the same check the
    // other steps run, and require that it reports both; then remove the plant.
    await view("oversikt");
    await browser.execute(() => {
      const box = document.createElement("div");
      box.id = "a11y-plant";
      box.style.background = "#ffffff";
      box.innerHTML = '<input type="text"><p style="color:#d0d0d0;background:#ffffff">Svag text</p>';
      document.querySelector("main").prepend(box);
    });
    try {
      const { problems } = await accessibilityProblems(browser);
      const ids = problems.map((p) => p.id);
      assert.ok(ids.includes("label"), `the planted input was not reported: ${ids.join(", ")}`);
      const contrast = problems.find((p) => p.id === "color-contrast");
      assert.ok(contrast?.targets.some((t) => t.includes("a11y-plant")), `the planted low contrast was not reported: ${ids.join(", ")}`);
      assert.match(describeProblems("plant", problems), /label \((critical|serious)\)/);
    } finally {
      await browser.execute(() => document.getElementById("a11y-plant")?.remove());
    }
    assert.equal(await problemsAt("Översikt without the plant"), "");
  });

  it("every view has no violations", async () => {
    const failures = [];
    for (const v of VIEWS) {
      await view(v);
      if (v === "beslutsunderlag") await waitForExisting(browser, '[data-testid="brief-preview"]', "the brief preview");
      const f = await problemsAt(`view ${v}`);
      if (f) failures.push(f);
    }
    assert.equal(failures.join("\n"), "");
  });

  it("every form and dialog open has no violations", async () => {
    const failures = [];
    const check = async (where) => {
      const f = await problemsAt(where);
      if (f) failures.push(f);
    };

    await view("nyckelfragor");
    await click(browser, "kq-new-decision");
    await waitForExisting(browser, '[data-testid="decision-form"]', "the new decision form");
    await check("new decision");
    await click(browser, "kq-new-question");
    await waitForExisting(browser, '[data-testid="kq-form"]', "the new key question form");
    await check("new key question");

    // a confirm dialog: deleting a decision asks first
    await click(browser, "kq-list-decision-d4");
    await click(browser, "decision-delete");
    await waitForExisting(browser, '[data-testid="choice-dialog"]', "the confirm dialog");
    await check("confirm dialog");
    await click(browser, "confirm-cancel");
    await browser.waitUntil(async () => !(await browser.execute(() => document.querySelector('[data-testid="choice-dialog"]')?.open)), {
      timeout: TIMEOUT,
      timeoutMsg: "the confirm dialog did not close",
    });

    await view("dialoger");
    await click(browser, "act-new");
    await waitForExisting(browser, '[data-testid="act-form"][data-id=""]', "the new activity form");
    await check("new activity");

    await view("insikter");
    await click(browser, "insight-new");
    await waitForExisting(browser, '[data-testid="insight-form"]', "the new insight form");
    await check("new insight");

    await view("behov");
    await click(browser, "needs-tab-capture");
    await waitForExisting(browser, '[data-testid="capture-statement"]', "the need capture");
    await check("need capture");
    // With the language model: tag suggestions and similar needs under the capture form.
    if (await byTestId(browser, "capture-suggest").isExisting()) {
      await type(browser, "capture-statement", "Behov av tysta zoner som verkligen är tysta och avskilda från caféet och evenemangen.");
      for (const [id, what] of [["capture-suggest-0", "a tag suggestion"], ["capture-similar", "Liknande behov"]]) {
        await byTestId(browser, id).waitForExist({ timeout: AI_TIMEOUT, timeoutMsg: `${what} never appeared` });
      }
      await check("need capture with tag suggestions and similar needs");
    }
    await click(browser, "needs-tab-duplicates");
    await browser.waitUntil(
      async () =>
        (await byTestId(browser, "dup-absent").isExisting()) ||
        ((await byTestId(browser, "dup-count").isExisting()) && !/Laddar/.test(await byTestId(browser, "dup-count").getText())),
      { timeout: TIMEOUT, timeoutMsg: "the possible duplicates never loaded" },
    );
    await check("possible duplicates");
    if (await byTestId(browser, "dup-merge-0").isExisting()) {
      await click(browser, "dup-merge-0");
      await waitForExisting(browser, '[data-testid="merge-needs-dialog"][open]', "the merge dialog");
      await check("merge dialog");
      await click(browser, "merge-cancel");
    }
    await click(browser, "needs-tab-list");
    const edit = await waitForExisting(browser, "button.row-edit", "a need's edit button");
    await edit.click();
    await waitForExisting(browser, '[data-testid="need-editor"]', "the need editor");
    await check("need editor");
    await click(browser, "need-edit-cancel");
    await click(browser, "needs-tab-codebook");
    await click(browser, "tag-new");
    await waitForExisting(browser, '[data-testid="tag-form"]', "the tag form");
    await check("tag form");

    await view("installningar");
    const seg = await waitForExisting(browser, 'button[data-testid^="segment-edit-seg"]', "a segment's edit button");
    await seg.click();
    await waitForExisting(browser, 'form[data-testid^="segment-form-"]', "the segment form");
    await check("segment form");

    await view("uppfoljning");
    await check("Uppföljning");
    await click(browser, "commitment-new");
    await waitForExisting(browser, '[data-testid="commitment-form"][data-id=""]', "the new commitment form");
    await check("new commitment");

    await view("beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d4");
    await waitForText(browser, "brief-preview", "Val av gestaltningsförslag");
    await click(browser, "brief-summary-preview-toggle");
    await waitForExisting(browser, '[data-testid="brief-summary-preview"]', "the summary's Markdown preview");
    await check("brief with preview");

    assert.equal(failures.join("\n"), "");
  });

  it("a field saved with Enter is not hidden behind the sticky save bar", async () => {
    // WCAG 2.2, 2.4.11: the focused field stays visible. Scroll to the top, move focus to the
    // form's last one-line field (the browser scrolls it just into view), save with Enter.
    await view("nyckelfragor");
    await click(browser, "kq-list-question-q01");
    await waitForExisting(browser, '[data-testid="kq-form"][data-id="q01"]', "the key question form");
    const covered = async () =>
      browser.execute(() => {
        const bar = document.querySelector('[data-testid="kq-form"] .form-actions.sticky');
        const el = document.activeElement;
        if (!bar || !el) return "no bar or no focus";
        const b = bar.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        const main = document.querySelector("main").getBoundingClientRect();
        if (r.bottom > b.top + 1) return `${el.id || el.tagName} ends at ${r.bottom}, the bar starts at ${b.top}`;
        if (r.top < main.top) return `${el.id || el.tagName} is above the view (${r.top} < ${main.top})`;
        return "";
      });
    const fields = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="kq-form"] input[type="text"], [data-testid="kq-form"] input:not([type])')]
        .filter((i) => i.offsetParent !== null && !i.disabled)
        .map((i) => i.id),
    );
    assert.ok(fields.length > 0, "the key question form has no one-line fields");
    const last = fields[fields.length - 1];
    await browser.execute((id) => {
      document.querySelector("main").scrollTop = 0;
      document.getElementById(id).focus();
    }, last);
    await settle(browser);
    assert.equal(await covered(), "", "after focusing the last field");
    await browser.keys("Enter");
    await waitSaved(browser);
    await settle(browser);
    assert.equal(await covered(), "", "after saving with Enter");

    // "Nytt beslut": scrolled to its end, its last field is above the bar
    await click(browser, "kq-new-decision");
    await waitForExisting(browser, '[data-testid="decision-form"]', "the new decision form");
    const hidden = await browser.execute(() => {
      const main = document.querySelector("main");
      main.scrollTop = main.scrollHeight;
      const form = document.querySelector('[data-testid="decision-form"]');
      const bar = form.querySelector(".form-actions");
      const fields = [...form.querySelectorAll("input, textarea, select, fieldset")].filter((f) => !bar.contains(f));
      const lastField = fields[fields.length - 1].getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      return lastField.bottom > b.top + 1 ? `the last field ends at ${lastField.bottom}, the bar starts at ${b.top}` : "";
    });
    assert.equal(hidden, "");
  });

  it("Inställningar names the participation levels in Swedish, not by their codes", async () => {
    await view("installningar");
    const text = await byTestId(browser, "settings-ladder-form").getText();
    for (const code of ["inform", "consult", "dialogue", "influence", "codetermine"]) {
      assert.ok(!new RegExp(`\\b${code}\\b`).test(text), `"${code}" is shown in Inställningar: ${text.slice(0, 300)}`);
    }
    assert.ok(!/Kod:/.test(text), "Inställningar shows 'Kod:'");
    const labels = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="settings-ladder-form"] label')].map((l) => l.textContent),
    );
    assert.ok(labels.every((l) => !/inform|consult|dialogue|influence|codetermine/.test(l)), labels.join(" | "));
  });

  it("the timeline shows whole labels inside the chart", async () => {
    await view("tidslinje");
    await click(browser, "zoom-all");
    await settle(browser);
    const bad = await browser.execute(() => {
      const chart = document.querySelector('[data-testid="timeline-chart"]').getBoundingClientRect();
      const out = [];
      for (const t of document.querySelectorAll('[data-testid="timeline-chart"] .tl-item text.label')) {
        const r = t.getBoundingClientRect();
        if (t.textContent.endsWith("…")) out.push(`cut with …: ${t.textContent}`);
        if (r.left < chart.left - 1 || r.right > chart.right + 1) out.push(`outside the chart (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(chart.left)}–${Math.round(chart.right)}): ${t.textContent}`);
      }
      return out;
    });
    assert.deepEqual(bad, []);
  });

  it("Dialoger lists the coming dialogues first, soonest first, then the held ones, newest first", async () => {
    await view("dialoger");
    await waitForExisting(browser, '[data-testid^="act-item-status-"]', "the dialogue list");
    const items = await browser.execute(() =>
      [...document.querySelectorAll('button[data-testid^="act-item-"]')].map((b) => ({
          id: b.dataset.testid.slice("act-item-".length),
          status: b.querySelector('[data-testid^="act-item-status-"]')?.className ?? "",
          time: b.dataset.startsAt ?? "",
        })),
    );
    assert.ok(items.length >= 5, `only ${items.length} dialogues in the list`);
    const planned = items.filter((i) => i.status.includes("act-status-planned"));
    const done = items.filter((i) => !i.status.includes("act-status-planned"));
    const firstDone = items.findIndex((i) => !i.status.includes("act-status-planned"));
    assert.ok(planned.length > 0 && done.length > 0, "the demo has both coming and held dialogues");
    assert.ok(items.slice(firstDone).every((i) => !i.status.includes("act-status-planned")), `a planned dialogue after a held one: ${JSON.stringify(items)}`);
    const dated = (l) => l.map((i) => i.time).filter(Boolean);
    assert.deepEqual(dated(planned), [...dated(planned)].sort(), "coming dialogues soonest first");
    assert.deepEqual(dated(done), [...dated(done)].sort().reverse(), "held dialogues newest first");
  });

  it("the welcome screen, with its recent files and the shared-project form, has no violations", async () => {
    await click(browser, "close-project");
    await waitForExisting(browser, '[data-testid="recent-0"]', "the recent files on the welcome screen");
    const failures = [];
    const welcome = await problemsAt("welcome screen");
    if (welcome) failures.push(welcome);
    await click(browser, "welcome-open-shared");
    await waitForExisting(browser, '[data-testid="shared-form"]', "the shared-project form");
    const shared = await problemsAt("shared-project form");
    if (shared) failures.push(shared);
    assert.equal(failures.join("\n"), "");
    // back to the project for the steps that follow
    await click(browser, "shared-cancel");
    await click(browser, "recent-0");
    await waitForText(browser, "project-name", DEMO_NAME);
  });

  it("'Exportera PDF …' asks where to save, and does not claim the PDF is being made meanwhile", async () => {
    await view("beslutsunderlag");
    await selectValue(browser, "brief-target", "decision:d4");
    await waitForText(browser, "brief-preview", "Val av gestaltningsförslag");
    // Record every text the status shows: the native save dialog may stay open (WebDriver
    // cannot answer it) or, without a desktop portal, return at once.
    await browser.execute(() => {
      const el = document.querySelector('[data-testid="brief-export-status"]');
      window.__exportTexts = [];
      new MutationObserver(() => window.__exportTexts.push(el.textContent.trim())).observe(el, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    });
    await click(browser, "brief-export");
    await browser.waitUntil(async () => (await browser.execute(() => window.__exportTexts.filter(Boolean).length)) > 0, {
      timeout: TIMEOUT,
      timeoutMsg: "the export status never said anything",
    });
    const texts = (await browser.execute(() => window.__exportTexts)).filter(Boolean);
    assert.match(texts[0], /Välj var PDF:en ska sparas/, `the first export message: ${texts.join(" | ")}`);
    assert.ok(!texts.some((t) => /skapas|fortsätta arbeta/.test(t)), `a message claims the PDF is being made: ${texts.join(" | ")}`);
  });

  it("the standalone HTML brief has no violations in WebKit", async (t) => {
    // Written by the CLI (`medskapa brief … --out x.html`); a CLI that mentions HTML in its help
    // must write it, so a failure to do so fails here.
    const bin = env("MEDSKAPA_BIN");
    const out = path.join(env("MEDSKAPA_E2E_TMP"), "brief-a11y.html");
    const help = spawnSync(bin, ["brief", "--help"], { encoding: "utf8" });
    const run = spawnSync(bin, ["brief", env("MEDSKAPA_DEMO"), "--decision", "d4", "--out", out], { encoding: "utf8" });
    const html = run.status === 0 ? readFileSync(out, "utf8") : "";
    if (!/^\s*(<!doctype html|<html)/i.test(html)) {
      // Without the HTML brief, the CLI fails or writes a PDF whatever the name.
      assert.ok(
        !/html/i.test(`${help.stdout}${help.stderr}`),
        `brief --help mentions HTML, but ${out} is no HTML document (exit ${run.status}: ${run.stderr.slice(0, 300)})`,
      );
      t.skip("this build's CLI writes no HTML brief");
      return;
    }
    await browser.execute((doc) => {
      document.open();
      document.write(doc);
      document.close();
    }, html);
    await waitForExisting(browser, "h1", "the brief's heading");
    const f = await problemsAt("the HTML brief");
    assert.equal(f, "");
  });
});
