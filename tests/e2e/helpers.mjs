// Shared helpers for the e2e suite: start the real app through tauri-driver, find things by
// data-testid, wait on conditions (never fixed sleeps), keep a screenshot of every test.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(here, "artifacts");
export const TIMEOUT = 20_000;

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through tests/e2e/run.sh`);
  return v;
}

/** A private copy of the demo project, so tests do not see each other's edits. */
export function demoCopy(name) {
  const dir = env("MEDSKAPA_E2E_TMP");
  const file = path.join(dir, `${name}.medskapa`);
  copyFileSync(env("MEDSKAPA_DEMO"), file);
  return file;
}

const APP_NAMES = ["medskapa", "medskapa-window"];

/**
 * The app's processes with `home` as their HOME (or whose HOME cannot be read), counting one
 * that has died only while a thread of it still runs: until then it keeps its hold on the
 * name a launch hands its project over to.
 */
function appsOf(home) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      // `medskapa` becomes the window's program, `medskapa-window`, for the GUI.
      if (!APP_NAMES.includes(readFileSync(`/proc/${pid}/comm`, "utf8").trim())) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const dead = /^State:\s+Z/m.test(status) && /^Threads:\s+1$/m.test(status);
      if (dead) continue;
      let vars = [];
      try {
        vars = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      } catch {
        // A dying process's environment may be gone: count it.
      }
      if (vars.length <= 1 || vars.includes(`HOME=${home}`)) found.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * Wait until the app an earlier test closed is gone. Closing a session kills it, and its
 * threads that analyse needs at idle priority may take a while to be let die on a busy
 * machine; a launch meanwhile would hand its project to that dying app, which never answers.
 */
async function untilNoApp(home) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    const left = appsOf(home);
    if (left.length === 0) return;
    if (Date.now() > end) throw new Error(`an earlier Medskapa (pid ${left.join(", ")}) with HOME ${home} has not exited; a new one would hand its project over to it`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Start the app (args as on its command line, e.g. ["open", file]) and wait for the UI;
 * `port` is the tauri-driver's (another one starts a second app with its own settings, in
 * its own `home`).
 */
export async function launch(args = [], port = Number(process.env.TAURI_DRIVER_PORT ?? 4444), home = env("HOME")) {
  await untilNoApp(home);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryTimeout: 120_000,
    connectionRetryCount: 0,
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: env("MEDSKAPA_BIN"), args },
    },
  });
  // The Svelte app has mounted once either the welcome screen or the shell is there.
  await browser.waitUntil(
    async () => (await byTestId(browser, "welcome").isExisting()) || (await byTestId(browser, "project-name").isExisting()),
    { timeout: TIMEOUT, timeoutMsg: "the app did not show the welcome screen or a project" },
  );
  return browser;
}

/** The demo project's name, as the header shows it. */
export const DEMO_NAME = "Nya stadsbiblioteket Helsingborg";

/**
 * Start the app on a private copy of the demo project (see demoCopy) and wait until the
 * header shows its name. If it never does, the screenshot and the session are not left behind.
 */
export async function launchDemo(name) {
  const browser = await launch(["open", demoCopy(name)]);
  try {
    await waitForText(browser, "project-name", DEMO_NAME);
  } catch (e) {
    await screenshot(browser, `${name}-launch`);
    await browser.deleteSession().catch(() => {});
    throw e;
  }
  return browser;
}

export function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

export async function click(browser, id) {
  const el = byTestId(browser, id);
  await el.waitForClickable({ timeout: TIMEOUT });
  await el.click();
  return el;
}

/** Replace an input's text by typing, as a user would. */
export async function type(browser, id, text) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: TIMEOUT });
  await el.clearValue();
  if (text !== "") {
    await el.addValue(text);
  } else {
    // Clearing alone fires no input event; delete by keyboard so the app sees it.
    await el.addValue("x");
    await browser.keys("Backspace");
  }
  return el;
}

export async function textOf(browser, id) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: TIMEOUT });
  return el.getText();
}

export async function waitForText(browser, id, expected) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const el = byTestId(browser, id);
      if (!(await el.isExisting())) return false;
      last = await el.getText();
      return typeof expected === "string" ? last.includes(expected) : expected.test(last);
    },
    { timeout: TIMEOUT, timeoutMsg: `[data-testid="${id}"] never showed ${expected} (last: "${last}")` },
  );
  return last;
}

export async function waitForGone(browser, selector, what) {
  try {
    await browser.waitUntil(async () => !(await browser.$(selector).isExisting()), { timeout: TIMEOUT });
  } catch {
    // Say what the element still shows (an error, a conflict, a notice): that is the why.
    const shows = await browser
      .$(selector)
      .getText()
      .catch(() => "");
    const alerts = await browser
      .execute(() =>
        [...document.querySelectorAll('[role="alertdialog"], [role="alert"]')]
          // Closed dialogs stay in the page, empty: only what is shown says why.
          .filter((e) => e.getClientRects().length > 0)
          .map((e) => e.textContent ?? "")
          .join(" | "),
      )
      .catch(() => "");
    const clip = (t) => t.replace(/\s+/g, " ").trim().slice(0, 600);
    throw new Error(`${what ?? selector} is still there, showing: ${clip(shows)}; alerts: ${clip(alerts) || "none"}`);
  }
}

export async function waitForExisting(browser, selector, what) {
  const el = browser.$(selector);
  await el.waitForExist({ timeout: TIMEOUT, timeoutMsg: `${what ?? selector} never appeared` });
  return el;
}

/**
 * Choose `id` (an activity or a key question) in the picker `testid` with the keyboard, as a
 * user would: type `text`, arrow down to it, Enter; then wait until the picker holds it.
 */
export async function pickChoice(browser, testid, text, id) {
  await type(browser, testid, text);
  const option = await waitForExisting(browser, `[data-testid="${testid}-option-${id}"]`, `${id} in ${testid}`);
  // Arrow down until it is the active option (the list may still be narrowing as it goes;
  // the arrow wraps around, so a list that settles is walked whole within these presses).
  for (let i = 0; i < 50 && (await option.getAttribute("aria-selected")) !== "true"; i++) await browser.keys("ArrowDown");
  assert.equal(await option.getAttribute("aria-selected"), "true", `${id} in ${testid} never became the active option`);
  await browser.keys("Enter");
  await browser.waitUntil(async () => (await byTestId(browser, testid).getAttribute("data-value")) === id, {
    timeout: TIMEOUT,
    timeoutMsg: `${testid} did not take ${id}`,
  });
}

/** Wait for the "Sparat" live region after a save. */
export async function waitSaved(browser) {
  await waitForText(browser, "save-status", /Sparat|Saved/);
}

/** WebKit's screenshot can lag one render behind: let two frames pass first. */
export async function settle(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Choose an option of a <select> by its value, and wait until the select holds it. */
export async function selectValue(browser, id, value) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: TIMEOUT });
  await el.selectByAttribute("value", value);
  await browser.waitUntil(async () => (await el.getValue()) === value, {
    timeout: TIMEOUT,
    timeoutMsg: `${id} did not take the value ${value}`,
  });
}

/**
 * WebKit takes a snapshot at the page's next rendering update; without compositing a page
 * that has stopped changing makes none, and the snapshot never comes. A pixel nobody sees
 * changes for the next two seconds.
 */
async function repaintSoon(browser) {
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.setAttribute("aria-hidden", "true");
    dot.style.cssText = "position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0.01";
    document.body.append(dot);
    const end = performance.now() + 2000;
    const tick = (t) => {
      dot.style.opacity = dot.style.opacity === "0.01" ? "0.02" : "0.01";
      if (t < end) requestAnimationFrame(tick);
      else dot.remove();
    };
    requestAnimationFrame(tick);
  });
}

export async function screenshot(browser, name) {
  if (!browser) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const safe = name.replace(/[^\w.-]+/g, "_").slice(0, 80);
  try {
    await repaintSoon(browser);
    await browser.saveScreenshot(path.join(ARTIFACTS, `${safe}.png`));
  } catch (e) {
    console.error(`screenshot ${safe} failed: ${e.message}`);
  }
}
