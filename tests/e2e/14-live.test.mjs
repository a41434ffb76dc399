// Two windows on one shared project: what one person does appears in the other's window
// within two seconds, without a reload, and a form the other has open keeps what is typed
// in it and says who changed its item. When both change the same need's statement, the one
// who saves second sees both versions side by side and chooses; when one deletes what the
// other is editing, the other is told on saving and may restore it. The second app runs
// through a tauri-driver of its own, with its own settings folder (where its user's name is
// "Bo Berg").
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { addressOf, psql, startCluster, stopCluster } from "./cluster.mjs";
import { byTestId, click, DEMO_NAME, env, launch, screenshot, settle, TIMEOUT, type, waitForExisting, waitForGone, waitForText, waitSaved, pickChoice } from "./helpers.mjs";

const DB = "e2e_live";
const ANNA = { user: "anna", password: "annas-lösen" };
const BO = { user: "bo", password: "bos-lösen", name: "Bo Berg" };
/** How soon the other window must show a change. */
const LIVE_MS = 2000;

/** Wait until the port takes connections (or the driver has exited). */
async function waitForPort(port, driver) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (driver.exitCode !== null) throw new Error(`the second tauri-driver exited (${driver.exitCode})`);
    if (Date.now() > end) throw new Error(`the second tauri-driver did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The home of the second driver's apps. */
function secondHome() {
  return path.join(env("MEDSKAPA_E2E_TMP"), "home-2");
}

/** A tauri-driver on `port` whose apps get a home of their own, with the user's name set. */
async function secondDriver(port, name) {
  const home = secondHome();
  const config = path.join(home, ".config");
  mkdirSync(path.join(config, "se.helsingborg.medskapa"), { recursive: true });
  mkdirSync(path.join(home, ".local/share"), { recursive: true });
  mkdirSync(path.join(home, ".cache"), { recursive: true });
  writeFileSync(path.join(config, "se.helsingborg.medskapa/settings.json"), JSON.stringify({ lang: "sv", recent: [], name }));
  const driver = spawn(env("TAURI_DRIVER"), ["--port", String(port), "--native-port", String(port + 1)], {
    stdio: "ignore",
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: config,
      XDG_DATA_HOME: path.join(home, ".local/share"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
    },
  });
  await waitForPort(port, driver);
  return driver;
}

/** Poll the window until `check` holds, for at most LIVE_MS; how long it took. */
async function within(browser, what, check) {
  const start = Date.now();
  await browser.waitUntil(check, { timeout: LIVE_MS, interval: 50, timeoutMsg: `${what} not within ${LIVE_MS} ms` });
  return Date.now() - start;
}

/** Go to a view; a form left with unsaved changes is discarded. */
async function goTo(browser, nav) {
  await click(browser, nav);
  await browser.waitUntil(
    async () => {
      const discard = byTestId(browser, "confirm-discard");
      if (await discard.isExisting()) await discard.click();
      return (await byTestId(browser, nav).getAttribute("aria-current")) === "page";
    },
    { timeout: TIMEOUT, timeoutMsg: `${nav} did not open` },
  );
}

/** Key question `id` as the database holds it (undefined when there is none). */
function storedQuestion(address, id) {
  const json = execFileSync(env("MEDSKAPA_BIN"), ["export", address, "--json", "-"], { encoding: "utf8" });
  return JSON.parse(json).key_questions.find((q) => q.id === id);
}

/** The statement of need `id` as the database holds it. */
function storedStatement(address, id) {
  const json = execFileSync(env("MEDSKAPA_BIN"), ["export", address, "--json", "-"], { encoding: "utf8" });
  return JSON.parse(json).needs.find((n) => n.id === id)?.statement;
}

async function needsCount(browser) {
  return browser.execute(() => document.querySelector('[data-testid="needs-count"]')?.textContent ?? "");
}

describe("two windows on one shared project", () => {
  let cluster;
  let driver;
  /** Anna's window (the suite's driver) and Bo's (a driver of this test's own). */
  let anna;
  let bo;
  /** The database's address as its owner (for the command line). */
  let owner;

  before(async () => {
    cluster = await startCluster();
    psql(cluster.url, `CREATE DATABASE ${DB}`);
    const superuser = cluster.url.replace("/postgres?", `/${DB}?`);
    owner = superuser;
    execFileSync(env("MEDSKAPA_BIN"), ["share", env("MEDSKAPA_DEMO"), "--server", superuser], { encoding: "utf8" });
    for (const r of [ANNA, BO]) {
      psql(
        superuser,
        `CREATE ROLE ${r.user} LOGIN PASSWORD '${r.password}';
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r.user};
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${r.user};`,
      );
    }
    const port = Number(process.env.TAURI_DRIVER_PORT ?? 4444) + 10;
    driver = await secondDriver(port, BO.name);
    anna = await launch(["open", addressOf(cluster.url, DB, ANNA.user, ANNA.password)]);
    bo = await launch(["open", addressOf(cluster.url, DB, BO.user, BO.password)], port, secondHome());
    await waitForText(anna, "project-name", DEMO_NAME);
    await waitForText(bo, "project-name", DEMO_NAME);
  });

  afterEach(async (t) => {
    for (const [who, browser] of [
      ["anna", anna],
      ["bo", bo],
    ]) {
      if (!browser) continue;
      await settle(browser);
      await screenshot(browser, `live-${who}-${t.name}`);
    }
  });

  after(async () => {
    await anna?.deleteSession().catch(() => {});
    await bo?.deleteSession().catch(() => {});
    driver?.kill();
    await stopCluster(cluster);
  });

  it("shows a need the other window adds within two seconds", async () => {
    await click(anna, "nav-behov");
    await waitForText(anna, "needs-count", "120");
    const before = await needsCount(anna);

    await click(bo, "nav-behov");
    await click(bo, "needs-tab-capture");
    await pickChoice(bo, "capture-activity", "framtid", "a01");
    await click(bo, "capture-statement");
    await byTestId(bo, "capture-statement").addValue("Laddare vid varje sittplats");
    await bo.keys("Tab");
    await bo.keys("Tab");
    await bo.keys("Enter");
    await waitForExisting(bo, '[data-testid^="capture-recent-"]:not([data-testid="capture-recent"])', "Bo's saved need");

    const took = await within(anna, "the new need in Anna's count", async () => (await needsCount(anna)).includes("121"));
    assert.notEqual(before, await needsCount(anna));
    await byTestId(anna, "needs-search").addValue("Laddare");
    await waitForText(anna, "need-list", "Laddare vid varje sittplats");
    console.log(`Anna saw Bo's need after ${took} ms`);
  });

  it("keeps what Anna is typing when Bo saves the same key question, and says Bo changed it", async () => {
    await click(anna, "nav-nyckelfragor");
    await click(anna, "kq-list-question-q01");
    const mine = "Annas egen text, inte sparad än";
    await type(anna, "kq-description", mine);
    await byTestId(anna, "kq-title").waitForDisplayed({ timeout: TIMEOUT });
    const annasTitle = await byTestId(anna, "kq-title").getValue();
    assert.equal(await byTestId(anna, "kq-live-text").isExisting(), false, "no notice before anyone changed it");

    await click(bo, "nav-nyckelfragor");
    await click(bo, "kq-list-question-q01");
    await type(bo, "kq-title", "Vilka roller ska biblioteket ha? (Bos ändring)");
    await click(bo, "kq-save");
    await waitSaved(bo);

    await within(anna, "the notice in Anna's form", async () => {
      const el = byTestId(anna, "kq-live-text");
      return (await el.isExisting()) && (await el.getText()).includes(`Ändrad av ${BO.name} just nu`);
    });
    await within(anna, "Bo's title in Anna's list", async () =>
      (await byTestId(anna, "kq-list-question-q01").getText()).includes("(Bos ändring)"),
    );
    assert.equal(await byTestId(anna, "kq-description").getValue(), mine, "what Anna typed is kept");
    assert.equal(await byTestId(anna, "kq-title").getValue(), annasTitle, "Anna's form is not overwritten");
    assert.equal(await byTestId(anna, "kq-live").getAttribute("aria-live"), "polite");
    await settle(anna);
    await screenshot(anna, "live-notice");
  });

  it("shows Bo both versions of a statement both changed, and keeps the merge he chooses", async () => {
    const id = "n006";
    const annas = "Behov av en plats där barnfamiljer kan leka (Annas formulering)";
    const bos = "Behov av ett rum för barnfamiljer med ljud (Bos formulering)";
    for (const b of [anna, bo]) {
      await goTo(b, "nav-behov");
      await click(b, "needs-tab-list");
      await type(b, "needs-search", "barnfamiljer");
      await click(b, `need-edit-${id}`);
      await byTestId(b, "need-edit-statement").waitForDisplayed({ timeout: TIMEOUT });
    }
    await type(anna, "need-edit-statement", annas);
    await type(bo, "need-edit-statement", bos);

    await click(anna, "need-edit-save");
    await waitForGone(anna, '[data-testid="need-editor"]', "Anna's editor");
    await click(bo, "need-edit-save");

    const view = await waitForExisting(bo, '[data-testid="conflicts"]', "the conflict view in Bo's window");
    assert.equal(await byTestId(bo, "conflict-mine").getText(), bos);
    assert.equal(await byTestId(bo, "conflict-theirs").getText(), annas);
    assert.match(await view.getText(), /Din version/);
    // Anna by the name she gave (her app's settings carry the one an earlier test set), or
    // by her database role when she gave none.
    assert.match(await view.getText(), /Deras version \((Anna Svensson|anna), /);
    assert.equal(await byTestId(bo, "conflicts-intro").getAttribute("role"), "alert");
    await bo.waitUntil(async () => bo.execute(() => document.activeElement?.closest('[data-testid="conflicts"]') !== null), {
      timeout: TIMEOUT,
      timeoutMsg: "focus did not move to the conflict view",
    });
    assert.equal(storedStatement(owner, id), annas, "until Bo chooses, the need keeps Anna's statement");
    await settle(bo);
    await screenshot(bo, "conflict-view");

    await goTo(anna, "nav-oversikt");
    await waitForText(anna, "open-conflicts", "Konflikter att lösa");
    await waitForExisting(anna, `[data-testid="open-conflict-need-${id}"]`, "the need's conflict in Anna's Översikt");

    await click(bo, "conflict-merge");
    const merged = byTestId(bo, "conflict-merge-text");
    await merged.waitForDisplayed({ timeout: TIMEOUT });
    assert.equal(await merged.getValue(), `${bos}\n\n${annas}`, "the merge starts with both");
    const chosen = "Behov av ett rum där barnfamiljer kan leka och låta";
    await type(bo, "conflict-merge-text", chosen);
    await click(bo, "conflict-merge-save");
    await waitForGone(bo, '[data-testid="conflicts"]', "Bo's conflict view");
    await waitForGone(bo, '[data-testid="need-editor"]', "Bo's editor");

    assert.equal(storedStatement(owner, id), chosen, "the database holds what Bo chose");
    await waitForGone(anna, '[data-testid="open-conflicts"]', "the conflict in Anna's Översikt");
  });

  it("tells Anna that Bo deleted the key question she is editing, and restores it with her text", async () => {
    const id = "q06";
    const row = `kq-list-question-${id}`;
    const mine = "Annas beskrivning, skriven medan Bo tog bort frågan";
    await goTo(anna, "nav-nyckelfragor");
    await click(anna, row);
    await type(anna, "kq-description", mine);

    await goTo(bo, "nav-nyckelfragor");
    await click(bo, row);
    await click(bo, "kq-delete");
    await click(bo, "confirm-delete");
    await waitForGone(bo, `[data-testid="${row}"]`, "the question in Bo's list");
    assert.equal(storedQuestion(owner, id), undefined, "the question is gone from the database");

    await within(anna, "the deletion in Anna's form", async () => {
      const el = byTestId(anna, "kq-live-text");
      return (await el.isExisting()) && /Borttagen av .+ just nu/.test(await el.getText());
    });
    assert.equal(await byTestId(anna, "kq-description").getValue(), mine, "what Anna typed is kept");

    await click(anna, "kq-save");
    const notice = await waitForExisting(anna, '[data-testid="deleted-meanwhile"]', "the notice in Anna's form");
    assert.match(await notice.getText(), /Någon annan tog bort det här medan du redigerade/);
    assert.equal(await notice.$('[role="alert"]').isExisting(), true, "the notice is announced");
    await anna.waitUntil(async () => anna.execute(() => document.activeElement?.closest('[data-testid="deleted-meanwhile"]') !== null), {
      timeout: TIMEOUT,
      timeoutMsg: "focus did not move to the notice",
    });
    assert.equal(storedQuestion(owner, id), undefined, "saving did not bring it back by itself");
    await settle(anna);
    await screenshot(anna, "deleted-meanwhile");

    await click(anna, "deleted-meanwhile-restore");
    await waitForGone(anna, '[data-testid="deleted-meanwhile"]', "the notice");
    await waitSaved(anna);
    await waitForExisting(anna, `[data-testid="${row}"]`, "the question in Anna's list");
    assert.equal(await byTestId(anna, "kq-description").getValue(), mine, "the form shows her text");
    assert.equal(storedQuestion(owner, id)?.description, mine, "the database holds the question with her text");
    await within(bo, "the restored question in Bo's list", async () => byTestId(bo, row).isExisting());
  });
});
