// Startup time and memory of the real app, measured through the e2e harness.
// Not a test: it prints figures for the README's results table.
//
//   bash tests/e2e/run.sh measure        (or: make measure-app)
//
// 1. First paint: the app is launched LAUNCHES times with no project (the welcome screen) and
//    LAUNCHES times on the demo project. For each launch: the process start time (from /proc)
//    to the page's first contentful paint and to the "medskapa-ready" mark the UI sets when
//    its first screen is drawn. The median and the worst are reported.
// 2. A generated project of NEEDS needs (NEEDS/10 activities, NEEDS/100 key questions) is
//    opened LAUNCHES times. Each time: Översikt with its content after launch (process start
//    to the frame that shows the next decisions, as the page marks it), then every view of the navigation with its
//    content after the click (timed in the page, from the click to the frame that shows it),
//    and the core's answer to a type-ahead (an activity picker's question, timed in the page
//    across IPC). Median and worst of the launches.
// 3. Memory: in the last launch, the needs list (Behov) is shown and paged once, and the
//    resident set size (VmRSS) and proportional set size (Pss) of the app process and of
//    every process it started (WebKit's web and network processes) are read from /proc.
//    Then every need of the project is analysed by the language model (`medskapa similar`),
//    the app opened on it LAUNCHES more times, the needs list shown, and memory read at once
//    and a minute after launch, when the app has let its idle model go.
// 4. The decision brief of BRIEF_NEEDS needs: a project of NEEDS needs in which the busiest
//    decision's brief lists that many (`generate --brief-needs`), its PDF written LAUNCHES
//    times by `medskapa brief` (the whole process: start, read, build, render, write); then the
//    same brief as a web page (`--out brief.html`) printed to PDF by wkhtmltopdf, when it is
//    installed, LAUNCHES times, and the ratio of the medians.
//
// MEDSKAPA_MEASURE_PARTS picks some of them (a comma-separated list of startup, scale, memory
// and brief; all by default), and MEDSKAPA_MEASURE_PROJECT names a project of NEEDS needs to
// measure instead of generating one (a project already analysed saves the model's minutes).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { byTestId, env, launch, TIMEOUT, waitForText } from "./helpers.mjs";

const LAUNCHES = Number(process.env.MEDSKAPA_MEASURE_LAUNCHES ?? 5);
const NEEDS = Number(process.env.MEDSKAPA_MEASURE_NEEDS ?? 100_000);
const BRIEF_NEEDS = Math.min(NEEDS, 5_000);
const bin = env("MEDSKAPA_BIN");
/** The window's program, which `medskapa` becomes for the GUI: the process measured. */
const windowBin = path.join(path.dirname(bin), "medskapa-window");
const HZ = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

function stat(pid) {
  // Fields after the command name "(…)"; starttime is field 22, ppid field 4.
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(rest[1]), start: Number(rest[19]) };
}

function pids() {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}

/** The newest running process whose executable is the app. */
function appPid() {
  let best = null;
  for (const pid of pids()) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== windowBin) continue;
      const { start } = stat(pid);
      if (!best || start > best.start) best = { pid, start };
    } catch {
      // Gone, or not ours to read.
    }
  }
  if (!best) throw new Error(`no running process of ${windowBin}`);
  return best.pid;
}

/**
 * End the session and wait until the app has exited: a new launch while the old process is
 * still closing would be handed to it (one instance per user) instead of opening.
 */
async function close(browser, pid) {
  await browser.deleteSession();
  const end = Date.now() + TIMEOUT;
  for (;;) {
    try {
      readFileSync(`/proc/${pid}/stat`);
    } catch {
      return;
    }
    if (Date.now() > end) throw new Error(`the app (pid ${pid}) did not exit`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Wall-clock time (ms since the epoch) at which a process started. */
function startedAt(pid) {
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const now = Date.now();
  return now - (uptime - stat(pid).start / HZ) * 1000;
}

function descendants(root) {
  const children = new Map();
  for (const pid of pids()) {
    try {
      const { ppid } = stat(pid);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(pid);
    } catch {
      // Gone.
    }
  }
  const out = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift();
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (re, text) => Number((text.match(re) ?? [0, 0])[1]);
  let pss = 0;
  try {
    pss = kb(/^Pss:\s+(\d+)/m, readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
  } catch {
    // smaps_rollup needs a newer kernel; leave Pss out.
  }
  return {
    pid,
    name: readFileSync(`/proc/${pid}/comm`, "utf8").trim(),
    rss: kb(/^VmRSS:\s+(\d+)/m, status),
    hwm: kb(/^VmHWM:\s+(\d+)/m, status),
    pss,
  };
}

async function timings(browser, pid) {
  const started = startedAt(pid);
  let page = null;
  await browser.waitUntil(
    async () => {
      page = await browser.execute(() => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        const ready = performance.getEntriesByName("medskapa-ready")[0];
        return {
          origin: performance.timeOrigin,
          fcp: fcp ? fcp.startTime : null,
          ready: ready ? ready.startTime : null,
        };
      });
      return page.ready !== null;
    },
    { timeout: TIMEOUT, timeoutMsg: "the UI never set its medskapa-ready mark" },
  );
  return {
    paint: page.fcp === null ? null : page.origin + page.fcp - started,
    ready: page.origin + page.ready - started,
  };
}

/** The reported values (those the web view gave), ascending. */
function sorted(values) {
  return values.filter((x) => x !== null).sort((a, b) => a - b);
}

function median(values) {
  const v = sorted(values);
  return v[Math.floor(v.length / 2)];
}

function summary(values, what = "launches") {
  const v = sorted(values);
  if (v.length === 0) return "not reported by the web view";
  const mid = median(v);
  const fixed = mid < 10 ? 1 : 0;
  return `median ${mid.toFixed(fixed)} ms, worst ${v[v.length - 1].toFixed(fixed)} ms (${v.length} ${what})`;
}

async function startup(label, args) {
  const paint = [];
  const ready = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await launch(args);
    const pid = appPid();
    try {
      const t = await timings(browser, pid);
      paint.push(t.paint);
      ready.push(t.ready);
    } finally {
      await close(browser, pid);
    }
  }
  console.log(`${label}: first paint ${summary(paint)}; first screen drawn ${summary(ready)}`);
}

function generated() {
  const file = path.join(env("MEDSKAPA_E2E_TMP"), `measure-${NEEDS}.medskapa`);
  const t = Date.now();
  execFileSync(bin, [
    "generate", file,
    "--needs", String(NEEDS),
    "--activities", String(Math.max(1, Math.floor(NEEDS / 10))),
    "--questions", String(Math.max(1, Math.floor(NEEDS / 100))),
    "--seed", "1",
  ]);
  console.log(`generated ${NEEDS} needs in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return file;
}

/** Each view of the navigation, and what shows that its content is there. */
const VIEWS = [
  ["tidslinje", '[data-testid="timeline-chart"] .tl-item, [data-testid="timeline-chart"] .tl-cluster'],
  ["nyckelfragor", '[data-testid^="kq-list-question-"]'],
  ["dialoger", '[data-testid^="act-item-"]'],
  ["behov", '[data-testid^="need-row-"]'],
  ["insikter", '[data-testid^="insight-item-"]'],
  ["beslutsunderlag", '[data-testid="brief-preview"] > *'],
  ["uppfoljning", '[data-testid^="commitment-item-"]'],
  ["installningar", '[data-testid="settings-data"]'],
  ["oversikt", '[data-testid^="next-decision-"]'],
];

/**
 * Milliseconds from a click on the view's navigation entry to the frame that shows `selector`;
 * `split` (when given) gets the page's marks that fell after the click, in ms after it.
 */
async function viewTime(browser, view, selector, split = null) {
  const { ms, marks } = await browser.executeAsync(
    (view, selector, done) => {
      const t0 = performance.now();
      document.querySelector(`[data-testid="nav-${view}"]`).click();
      const poll = () => {
        const current = document.querySelector(`[data-testid="nav-${view}"]`)?.getAttribute("aria-current") === "page";
        if (current && document.querySelector(selector)) {
          requestAnimationFrame(() => {
            const marks = {};
            for (const m of performance.getEntriesByType("mark")) {
              if (m.startTime >= t0) marks[m.name] = m.startTime - t0;
            }
            done({ ms: performance.now() - t0, marks });
          });
          return;
        }
        if (performance.now() - t0 > 60_000) done({ ms: -1, marks: {} });
        else requestAnimationFrame(poll);
      };
      poll();
    },
    view,
    selector,
  );
  if (ms < 0) throw new Error(`${view} never showed ${selector}`);
  if (split) split.push(marks);
  return ms;
}

/**
 * Where Tidslinje's first click after launch spends its time, from the page's marks: waiting
 * for the project's rows, asking the core for the chart's part on screen (the core lays the
 * chart out, or takes the layout it made ahead), and drawing it (Svelte, then WebKit).
 */
function printTimelineSplit(label, splits, totals) {
  const part = (f) => splits.map(f).filter((v) => Number.isFinite(v));
  const rows = part((m) => m["medskapa-rows"] ?? 0);
  const asked = part((m) => m["medskapa-timeline-ask"]);
  const answered = part((m) => m["medskapa-timeline-answer"] - m["medskapa-timeline-ask"]);
  const drawn = part((m, i) => totals[i] - m["medskapa-timeline-answer"]);
  console.log(
    `${label}: tidslinje after launch, split: the rows came ${summary(rows)} after the click, ` +
      `the chart was asked for ${summary(asked)} after it; ` +
      `the core answered in ${summary(answered)}; drawn in ${summary(drawn)} after that`,
  );
}

/**
 * Milliseconds from process start to the frame in which Översikt first showed its content, as
 * the page marked it ("medskapa-overview"). Read from the mark, not from when this script sees
 * the content: the WebDriver session starts after the window does, often after the content.
 */
async function overviewAfterLaunch(browser, pid) {
  const started = startedAt(pid);
  const at = await browser.executeAsync((done) => {
    const poll = () => {
      const mark = performance.getEntriesByName("medskapa-overview")[0];
      if (mark && document.querySelector('[data-testid^="next-decision-"]') && document.querySelector('[data-testid="count-needs"]')) {
        done(performance.timeOrigin + mark.startTime);
        return;
      }
      if (performance.now() > 120_000) done(-1);
      else requestAnimationFrame(poll);
    };
    poll();
  });
  if (at < 0) throw new Error("Översikt never showed its content");
  return at - started;
}

/** Milliseconds for the core's answer to an activity picker's question, across IPC. */
async function typeAhead(browser, text) {
  return browser.executeAsync(async (text, done) => {
    const t0 = performance.now();
    await window.__TAURI_INTERNALS__.invoke("find_activities", { text, limit: 20 });
    done(performance.now() - t0);
  }, text);
}

async function showNeeds(browser) {
  await byTestId(browser, "nav-behov").click();
  await waitForText(browser, "needs-count", /behov/);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="need-list"] li')).length > 0, {
    timeout: TIMEOUT,
    timeoutMsg: "the needs list never showed a row",
  });
  const before = await byTestId(browser, "page-range").getText();
  await byTestId(browser, "page-next").click();
  await browser.waitUntil(async () => (await byTestId(browser, "page-range").getText()) !== before, {
    timeout: TIMEOUT,
    timeoutMsg: "the next page never came",
  });
}

/** How long the needs list stays shown before memory is read a second time. */
const SETTLE_MS = 15_000;

function printMemory(label, pid) {
  const procs = descendants(pid).map(memory);
  let rss = 0;
  let pss = 0;
  for (const p of procs) {
    rss += p.rss;
    pss += p.pss;
    console.log(
      `  ${p.name.padEnd(22)} pid ${String(p.pid).padEnd(8)} RSS ${(p.rss / 1024).toFixed(0).padStart(5)} MB` +
        `  peak ${(p.hwm / 1024).toFixed(0).padStart(5)} MB  Pss ${(p.pss / 1024).toFixed(0).padStart(5)} MB`,
    );
  }
  const main = procs[0];
  const web = procs.filter((p) => /WebKitWeb/i.test(p.name)).reduce((n, p) => n + p.rss, 0);
  console.log(
    `${label}, needs list shown: app process RSS ${(main.rss / 1024).toFixed(0)} MB; ` +
      `web process RSS ${(web / 1024).toFixed(0)} MB; all its processes RSS ${(rss / 1024).toFixed(0)} MB (Pss ${(pss / 1024).toFixed(0)} MB)`,
  );
  return { app: Math.round(main.rss / 1024), web: Math.round(web / 1024) };
}

/**
 * Milliseconds from a click on Tidslinje, then on Beslutsunderlag, to their content, on their
 * first visits once the window has prepared them ahead (the marks "medskapa-timeline-prepared"
 * and "medskapa-brief-prepared"): what a user who stays a moment on Översikt after launch sees.
 */
async function preparedViews(browser) {
  const ready = await browser.executeAsync((done) => {
    const t0 = performance.now();
    const marked = (name) => performance.getEntriesByName(name).length > 0;
    const poll = () => {
      if (marked("medskapa-timeline-prepared") && marked("medskapa-brief-prepared")) done(true);
      else if (performance.now() - t0 > 60_000) done(false);
      else requestAnimationFrame(poll);
    };
    poll();
  });
  if (!ready) throw new Error("the window never prepared Tidslinje and Beslutsunderlag ahead");
  const view = (name) => VIEWS.find(([v]) => v === name);
  return [await viewTime(browser, ...view("tidslinje")), await viewTime(browser, ...view("beslutsunderlag"))];
}

async function atScale(label, file) {
  const overview = [];
  const views = new Map(VIEWS.map(([v]) => [v, []]));
  const answers = [];
  const timelineSplit = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await launch(["open", file]);
    const pid = appPid();
    try {
      await browser.setTimeout({ script: 180_000 });
      overview.push(await overviewAfterLaunch(browser, pid));
      for (const [view, selector] of VIEWS) {
        views.get(view).push(await viewTime(browser, view, selector, view === "tidslinje" ? timelineSplit : null));
      }
      for (const text of ["", "work", "pop stad", "x"]) answers.push(await typeAhead(browser, text));
      if (i === LAUNCHES - 1) {
        await showNeeds(browser);
        printMemory(label, pid);
        // What the processes hold once the user has read the list for a while: WebKit gives
        // back what its collector freed over the next seconds, the app what it freed after 1 s.
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        printMemory(`${label}, ${SETTLE_MS / 1000} s later`, pid);
      }
    } finally {
      await close(browser, pid);
    }
  }
  const prepared = { tidslinje: [], beslutsunderlag: [] };
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await launch(["open", file]);
    const pid = appPid();
    try {
      await browser.setTimeout({ script: 180_000 });
      const [timeline, brief] = await preparedViews(browser);
      prepared.tidslinje.push(timeline);
      prepared.beslutsunderlag.push(brief);
    } finally {
      await close(browser, pid);
    }
  }
  console.log(`${label}: Översikt with content after launch: ${summary(overview)}`);
  for (const [view, ms] of views) console.log(`${label}: ${view} with content after the click: ${summary(ms)}`);
  printTimelineSplit(label, timelineSplit, views.get("tidslinje"));
  for (const [view, ms] of Object.entries(prepared)) {
    console.log(`${label}: ${view}, first visit once prepared ahead: ${summary(ms)}`);
  }
  console.log(`${label}: type-ahead answer (find_activities across IPC): ${summary(answers, "questions")}`);
}

/** Milliseconds `command args` takes, start to exit; stops the measurement if it fails. */
function timed(command, args) {
  const t = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(" ")}: exit ${run.status}: ${run.stderr}`);
  }
  return ms;
}

function briefAtScale() {
  const dir = env("MEDSKAPA_E2E_TMP");
  const file = path.join(dir, `measure-brief-${BRIEF_NEEDS}.medskapa`);
  const decision = execFileSync(bin, [
    "generate", file,
    "--needs", String(NEEDS),
    "--activities", String(Math.max(1, Math.floor(NEEDS / 10))),
    "--questions", String(Math.max(1, Math.floor(NEEDS / 100))),
    "--seed", "1",
    "--brief-needs", String(BRIEF_NEEDS),
  ]).toString().trim();
  const brief = (out) => ["brief", file, "--decision", decision, "--out", out, "--allow-personal-data"];
  const ours = [];
  for (let i = 0; i < LAUNCHES; i++) ours.push(timed(bin, brief(path.join(dir, `brief-${i}.pdf`))));
  const kB = (f) => Math.round(statSync(f).size / 1024);
  const label = `brief of ${BRIEF_NEEDS} needs`;
  console.log(`${label} (medskapa brief, the whole process): ${summary(ours)}; ${kB(path.join(dir, "brief-0.pdf"))} kB`);

  if (spawnSync("wkhtmltopdf", ["--version"]).status !== 0) {
    console.log(`${label}: wkhtmltopdf is not installed; no ratio`);
    return;
  }
  const html = path.join(dir, "brief.html");
  timed(bin, brief(html));
  const theirs = [];
  for (let i = 0; i < LAUNCHES; i++) {
    theirs.push(timed("wkhtmltopdf", ["--quiet", html, path.join(dir, `wk-${i}.pdf`)]));
  }
  console.log(
    `${label} as a web page, by wkhtmltopdf: ${summary(theirs)}; ${kB(path.join(dir, "wk-0.pdf"))} kB; ` +
      `wkhtmltopdf takes ${(median(theirs) / median(ours)).toFixed(1)}× as long as medskapa brief`,
  );
}

async function demoMemory() {
  const browser = await launch(["open", env("MEDSKAPA_DEMO")]);
  const pid = appPid();
  try {
    await timings(browser, pid);
    await showNeeds(browser);
    printMemory("demo project", pid);
  } finally {
    await close(browser, pid);
  }
}

/** How long after launch the app has let its idle language model go (a minute, and a tick). */
const MODEL_IDLE_MS = 62_000;

/**
 * Memory once the project's needs have all been analysed, as for a user who has had the
 * project open before: every need is given its vector first (`medskapa similar`, which
 * analyses what lacks one), then the app is opened LAUNCHES times, the needs list shown, and
 * memory read at once and again when the app has let its idle language model go (by then
 * the project has been left alone for more than 30 s: its page cache and vectors are let go
 * too).
 */
async function analysedMemory(label, file) {
  const t = Date.now();
  const exported = execFileSync(bin, ["export", file, "--json", "-", "--allow-personal-data"], {
    maxBuffer: 1 << 30,
  });
  const need = JSON.parse(exported.toString()).needs[0].id;
  execFileSync(bin, ["similar", file, "--need", need, "--limit", "1"], { stdio: "ignore" });
  console.log(`${label}: every need analysed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const at = { app: [], web: [] };
  const later = { app: [], web: [] };
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await launch(["open", file]);
    const pid = appPid();
    const launched = Date.now();
    try {
      await showNeeds(browser);
      const first = printMemory(`${label}, every need analysed`, pid);
      at.app.push(first.app);
      at.web.push(first.web);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, launched + MODEL_IDLE_MS - Date.now())));
      const then = printMemory(`${label}, every need analysed, a minute after launch (the model let go)`, pid);
      later.app.push(then.app);
      later.web.push(then.web);
    } finally {
      await close(browser, pid);
    }
  }
  const mb = (values) => {
    const v = sorted(values);
    return `median ${median(v)} MB, worst ${v[v.length - 1]} MB (${v.length} launches)`;
  };
  console.log(`${label}, every need analysed, needs list shown: app process RSS ${mb(at.app)}; web process RSS ${mb(at.web)}`);
  console.log(
    `${label}, every need analysed, a minute after launch: app process RSS ${mb(later.app)}; web process RSS ${mb(later.web)}`,
  );
}

const PARTS = ["startup", "scale", "memory", "brief"];
const parts = new Set((process.env.MEDSKAPA_MEASURE_PARTS ?? PARTS.join(",")).split(",").map((p) => p.trim()));
const unknown = [...parts].filter((p) => !PARTS.includes(p));
if (unknown.length > 0) {
  console.error(`MEDSKAPA_MEASURE_PARTS: no part named ${unknown.join(", ")}; the parts are ${PARTS.join(", ")}`);
  process.exit(2);
}
if (parts.has("startup")) {
  await startup("welcome screen", []);
  await startup("demo project", ["open", env("MEDSKAPA_DEMO")]);
  await demoMemory();
}
if (parts.has("scale") || parts.has("memory")) {
  const file = process.env.MEDSKAPA_MEASURE_PROJECT || generated();
  if (parts.has("scale")) await atScale(`${NEEDS} needs`, file);
  if (parts.has("memory")) await analysedMemory(`${NEEDS} needs`, file);
}
if (parts.has("brief")) briefAtScale();
