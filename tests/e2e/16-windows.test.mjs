// One Medskapa process, one window per project: `medskapa open B` while the app runs on A
// hands B to the running app and exits at once; the app then has two windows, each with its
// own project. Handing over A again opens no third window (the one with A comes forward).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { after, afterEach, describe, it } from "node:test";
import { byTestId, DEMO_NAME, env, launchDemo, screenshot, TIMEOUT } from "./helpers.mjs";

const execFileAsync = promisify(execFile);
const OTHER = "Bygdegården i Ödåkra";
const OTHER_FILE = "16-bygdegarden.medskapa";
const THIRD = "Läsecirkeln på Råå";
const THIRD_FILE = "16-lasecirkeln.medskapa";

/** Run the app binary as a second launch would be, from `cwd`; resolves when it exited 0. */
async function secondLaunch(args, cwd) {
  const started = Date.now();
  await execFileAsync(env("MEDSKAPA_BIN"), args, { cwd, timeout: 15_000 });
  return Date.now() - started;
}

/** Whether a process whose command line holds `text` is running. */
function running(text) {
  try {
    execFileSync("pgrep", ["-f", "--", text]);
    return true;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

/** The project name each window's header shows, by window handle. */
async function namesByWindow(browser) {
  const names = [];
  for (const handle of await browser.getWindowHandles()) {
    await browser.switchToWindow(handle);
    const el = byTestId(browser, "project-name");
    names.push((await el.isExisting()) ? await el.getText() : "");
  }
  return names;
}

describe("a second project opens in a window of the running app", () => {
  let browser;

  afterEach(async (t) => {
    await screenshot(browser, `windows-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
  });

  it("hands the file over, exits, and the app shows two windows with a project each", async () => {
    browser = await launchDemo("16-windows-a");
    const first = await browser.getWindowHandle();
    const tmp = env("MEDSKAPA_E2E_TMP");
    execFileSync(env("MEDSKAPA_BIN"), ["new", path.join(tmp, OTHER_FILE), "--name", OTHER]);

    // A relative path, as a file manager or a terminal gives it: resolved against the
    // second launch's own folder. It exits 0 (execFile rejects otherwise), quickly.
    const took = await secondLaunch(["open", OTHER_FILE], tmp);
    assert.ok(took < 10_000, `the second launch took ${took} ms to hand over`);
    assert.equal(running(OTHER_FILE), false, "no second Medskapa process is left running");

    // WebKitWebDriver lists the windows the app opens itself, so the new one is a handle.
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 2, {
      timeout: TIMEOUT,
      timeoutMsg: "the running app did not open a second window",
    });
    let names = [];
    await browser.waitUntil(
      async () => {
        names = await namesByWindow(browser);
        return names.includes(DEMO_NAME) && names.includes(OTHER);
      },
      { timeout: TIMEOUT, timeoutMsg: `each window should show its project (saw ${JSON.stringify(names)})` },
    );
    const second = (await browser.getWindowHandles()).find((h) => h !== first);
    await browser.switchToWindow(second);
    assert.equal(await byTestId(browser, "project-name").getText(), OTHER);
    await browser.switchToWindow(first);
    assert.equal(await byTestId(browser, "project-name").getText(), DEMO_NAME);
  });

  it("handing over a project that is already open opens no other window", async () => {
    const tmp = env("MEDSKAPA_E2E_TMP");
    await secondLaunch(["open", path.join(tmp, OTHER_FILE)], "/");
    await secondLaunch(["open", path.join(tmp, "16-windows-a.medskapa")], "/");
    // Hand-overs are taken in order: once a third, new project has its window, a window
    // wrongly opened for either of the two before it would be there too.
    execFileSync(env("MEDSKAPA_BIN"), ["new", path.join(tmp, THIRD_FILE), "--name", THIRD]);
    await secondLaunch(["open", path.join(tmp, THIRD_FILE)], "/");
    let names = [];
    await browser.waitUntil(
      async () => {
        names = await namesByWindow(browser);
        return names.includes(THIRD);
      },
      { timeout: TIMEOUT, timeoutMsg: `the third project never got its window (saw ${JSON.stringify(names)})` },
    );
    assert.deepEqual([...names].sort(), [DEMO_NAME, OTHER, THIRD].sort());
    assert.equal(running(OTHER_FILE), false);
  });
});
