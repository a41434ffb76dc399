// A shared project on a PostgreSQL server: the demo shared into a database of a throwaway
// cluster of this test's own (scripts/pg-cluster), opened in the window through "Öppna delat
// projekt" with the password the server asks for, edited, then the server stopped and
// started again under the open window, and opened by a role that may only read.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";
import { after, afterEach, before, describe, it } from "node:test";
import { addressOf, psql, socketOf, startCluster, stopCluster } from "./cluster.mjs";
import {
  byTestId,
  click,
  DEMO_NAME,
  demoCopy,
  env,
  launch,
  screenshot,
  settle,
  TIMEOUT,
  type,
  waitForExisting,
  waitForGone,
  waitForText,
} from "./helpers.mjs";

const execFileAsync = promisify(execFile);
const DB = "e2e_shared";
const EDITOR = { user: "anna", password: "rätt-lösen" };
const READER = { user: "lasare", password: "bara-läsa" };

/** Debian's pg_ctl, the highest version installed (as scripts/pg-cluster picks it). */
function pgCtl() {
  const versions = readdirSync("/usr/lib/postgresql")
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(a) - Number(b));
  assert.ok(versions.length > 0, "a PostgreSQL server is installed");
  return `/usr/lib/postgresql/${versions.at(-1)}/bin/pg_ctl`;
}

/** Run pg_ctl as the server's user (as root, the `postgres` user, as scripts/pg-cluster does). */
function serverCtl(args) {
  const [cmd, all] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", pgCtl(), ...args]] : [pgCtl(), args];
  execFileSync(cmd, all, { stdio: ["ignore", "ignore", "inherit"] });
}

function stopServer(url) {
  const { host } = socketOf(url);
  serverCtl(["stop", "-D", `${host}/data`, "-m", "fast", "-w"]);
}

function startServer(url) {
  const { host, port } = socketOf(url);
  serverCtl([
    "start", "-D", `${host}/data`, "-w", "-l", `${host}/restart.log`,
    "-o", `-p ${port} -c listen_addresses= -c unix_socket_directories=${host} -c fsync=off`,
  ]);
}

/** The project in the database, as the command line exports it. */
function exported(url) {
  return execFileSync(env("MEDSKAPA_BIN"), ["export", url, "--json", "-"], { encoding: "utf8" });
}

/** Wait until the project in the database holds `text` (read with the command line). */
async function waitInDatabase(url, text) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    const { stdout } = await execFileAsync(env("MEDSKAPA_BIN"), ["export", url, "--json", "-"], { maxBuffer: 1 << 26 });
    if (stdout.includes(text)) return;
    if (Date.now() > end) throw new Error(`the database never held "${text}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function activeId(browser) {
  return browser.execute(() => document.activeElement?.id ?? "");
}

async function waitForFocus(browser, id) {
  await browser.waitUntil(async () => (await activeId(browser)) === id, {
    timeout: TIMEOUT,
    timeoutMsg: `focus never moved to #${id} (it is on #${await activeId(browser)})`,
  });
}

async function backToWelcome(browser) {
  await click(browser, "close-project");
  await waitForExisting(browser, '[data-testid="welcome"]', "the welcome screen");
}

/** "Öppna delat projekt": type the address, open, and give the password the server asks for. */
async function openShared(browser, address, password) {
  await click(browser, "welcome-open-shared");
  await waitForFocus(browser, "shared-address");
  await type(browser, "shared-address", address);
  await click(browser, "shared-open");
  await waitForFocus(browser, "shared-password");
  await type(browser, "shared-password", password);
  await click(browser, "shared-open");
  await waitForText(browser, "project-name", DEMO_NAME);
}

describe("a shared project", () => {
  let browser;
  let cluster;
  let superuser = "";

  before(async () => {
    cluster = await startCluster();
    psql(cluster.url, `CREATE DATABASE ${DB}`);
    superuser = cluster.url.replace("/postgres?", `/${DB}?`);
    const out = execFileSync(env("MEDSKAPA_BIN"), ["share", env("MEDSKAPA_DEMO"), "--server", superuser], { encoding: "utf8" });
    assert.match(out, /shared as/);
    psql(
      superuser,
      `CREATE ROLE ${EDITOR.user} LOGIN PASSWORD '${EDITOR.password}';
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${EDITOR.user};
       GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${EDITOR.user};
       CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}';
       GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER.user};`,
    );
    browser = await launch(["open", demoCopy("shared-start")]);
    await waitForText(browser, "project-name", DEMO_NAME);
    await backToWelcome(browser);
  });

  afterEach(async (t) => {
    await settle(browser);
    await screenshot(browser, `shared-${t.name}`);
  });

  after(async () => {
    await browser?.deleteSession();
    await stopCluster(cluster);
  });

  it("opens through Öppna delat projekt, asking for the password, and says delat in the header", async () => {
    const address = addressOf(cluster.url, DB, EDITOR.user);
    await click(browser, "welcome-open-shared");
    await waitForFocus(browser, "shared-address");
    // Escape closes the form and gives focus back to the button that opened it.
    await browser.keys("Escape");
    await waitForGone(browser, '[data-testid="shared-form"]', "the form");
    await waitForFocus(browser, "welcome-open-shared");
    await browser.keys("Enter");
    await waitForFocus(browser, "shared-address");
    assert.equal(await byTestId(browser, "shared-address").getAttribute("placeholder"), "postgresql://server/databas");
    await settle(browser);
    await screenshot(browser, "shared-welcome-dialog");

    await type(browser, "shared-address", "bibliotek");
    await click(browser, "shared-open");
    await waitForText(browser, "field-error-address", "Det är ingen PostgreSQL-adress");
    await waitForFocus(browser, "shared-address");

    await type(browser, "shared-address", address);
    await click(browser, "shared-open");
    await waitForFocus(browser, "shared-password");
    const form = await byTestId(browser, "shared-form").getText();
    assert.match(form, /Lösenord för anna/);
    assert.match(form, /Servern vill ha ett lösenord/);
    assert.equal(await byTestId(browser, "shared-password").getAttribute("type"), "password");

    await type(browser, "shared-password", "fel");
    await click(browser, "shared-open");
    await waitForText(browser, "field-error-password", "Servern godtog inte användarnamnet eller lösenordet");
    await waitForFocus(browser, "shared-password");
    assert.equal(await byTestId(browser, "shared-password").getValue(), "", "a refused password is not kept");
    await settle(browser);
    await screenshot(browser, "shared-welcome-password");

    await type(browser, "shared-password", EDITOR.password);
    await click(browser, "shared-open");
    await waitForText(browser, "project-name", DEMO_NAME);
    await waitForText(browser, "project-shared", "delat");
    await settle(browser);
    await screenshot(browser, "shared-header");
    assert.equal(await byTestId(browser, "read-only-banner").isExisting(), false);
  });

  it("saves an edited key question into the database", async () => {
    await click(browser, "nav-nyckelfragor");
    await click(browser, "kq-list-question-q01");
    await type(browser, "kq-title", "Vilka roller ska biblioteket ha? (delat)");
    await click(browser, "kq-save");
    await waitInDatabase(superuser, "Vilka roller ska biblioteket ha? (delat)");
  });

  it("says the connection is lost when the server stops, keeps the text, and saves once it is back", async () => {
    const title = "Vilka roller ska biblioteket ha? (efter avbrottet)";
    await type(browser, "kq-title", title);
    stopServer(cluster.url);
    try {
      await click(browser, "kq-save");
      await waitForText(browser, "alert-dialog", "Det gick inte att spara");
      await click(browser, "alert-ok");
      await waitForText(browser, "offline-banner", "Anslutningen till servern bröts");
      assert.equal(await byTestId(browser, "kq-title").getValue(), title, "the text is kept");
      await settle(browser);
      await screenshot(browser, "shared-offline");
    } finally {
      startServer(cluster.url);
    }
    await waitForGone(browser, '[data-testid="offline-banner"]', "the connection lost banner");
    assert.equal(await byTestId(browser, "kq-title").getValue(), title, "the text is still there");
    await click(browser, "kq-save");
    await waitInDatabase(superuser, title);
  });

  it("lists it as delat and opens it again from the list without asking again", async () => {
    await backToWelcome(browser);
    const entry = await waitForExisting(browser, '[data-testid="recent-0"]', "the recent list");
    assert.match(await entry.getText(), new RegExp(`${DB}\\s*delat`));
    assert.ok(!(await entry.getText()).includes(EDITOR.password));
    await waitForText(browser, "recent-shared-0", "delat");
    await settle(browser);
    await screenshot(browser, "shared-recent");
    await click(browser, "recent-0");
    await waitForText(browser, "project-shared", "delat");
  });

  it("opens read-only for a role that may only read", async () => {
    await backToWelcome(browser);
    await openShared(browser, addressOf(cluster.url, DB, READER.user), READER.password);
    await waitForText(browser, "read-only-banner", "Skrivskyddad");
    await waitForText(browser, "project-shared", "delat");
    await click(browser, "nav-nyckelfragor");
    await click(browser, "kq-list-question-q01");
    await waitForExisting(browser, '[data-testid="kq-save"]', "the save button");
    assert.equal(await byTestId(browser, "kq-save").isEnabled(), false, "saving is off for a reader");
    assert.match(exported(superuser), /\(efter avbrottet\)/, "the project still holds the editor's last edit");
  });

  it("opens from the command line (medskapa open ADDRESS), asking in the window for the password", async () => {
    await browser.deleteSession();
    browser = null;
    const address = addressOf(cluster.url, DB, EDITOR.user);
    browser = await launch(["open", address]);
    await waitForFocus(browser, "shared-password");
    assert.equal(await byTestId(browser, "shared-address").getValue(), address);
    await type(browser, "shared-password", EDITOR.password);
    await click(browser, "shared-open");
    await waitForText(browser, "project-name", DEMO_NAME);
    await waitForText(browser, "project-shared", "delat");
  });
});
