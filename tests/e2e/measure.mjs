// Startup time and memory of the real app, measured through the e2e harness.
// Not a test: it prints figures for the README's results table.
//
//   bash tests/e2e/run.sh measure        (or: make measure-app)
//
// 1. First paint: the app is launched LAUNCHES times with no project (the welcome screen) and
//    LAUNCHES times on the demo project. For each launch: the process start time (from /proc)
//    to the page's first contentful paint and to the "medskapa-ready" mark the UI sets when
//    its first screen is drawn. The median and the worst are reported.
// 2. Memory: a generated project of NEEDS needs (NEEDS/10 activities, NEEDS/100 key
//    questions) is opened, the needs list (Behov) is shown and paged once, and the resident
//    set size (VmRSS) and proportional set size (Pss) of the app process and of every process
//    it started (WebKit's web and network processes) are read from /proc.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { byTestId, env, launch, TIMEOUT, waitForText } from "./helpers.mjs";

const LAUNCHES = Number(process.env.MEDSKAPA_MEASURE_LAUNCHES ?? 5);
const NEEDS = Number(process.env.MEDSKAPA_MEASURE_NEEDS ?? 100_000);
const bin = env("MEDSKAPA_BIN");
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
      if (readlinkSync(`/proc/${pid}/exe`) !== bin) continue;
      const { start } = stat(pid);
      if (!best || start > best.start) best = { pid, start };
    } catch {
      // Gone, or not ours to read.
    }
  }
  if (!best) throw new Error(`no running process of ${bin}`);
  return best.pid;
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

function summary(values) {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return "not reported by the web view";
  const median = v[Math.floor(v.length / 2)];
  return `median ${median.toFixed(0)} ms, worst ${v[v.length - 1].toFixed(0)} ms (${v.length} launches)`;
}

async function startup(label, args) {
  const paint = [];
  const ready = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await launch(args);
    try {
      const t = await timings(browser, appPid());
      paint.push(t.paint);
      ready.push(t.ready);
    } finally {
      await browser.deleteSession();
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

async function memoryWithNeeds(label, file) {
  const browser = await launch(["open", file]);
  try {
    const pid = appPid();
    const open = await timings(browser, pid);
    console.log(`${label}: first screen drawn ${open.ready.toFixed(0)} ms after launch`);
    const t = Date.now();
    await byTestId(browser, "nav-behov").click();
    await waitForText(browser, "needs-count", /behov/);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="need-list"] li')).length > 0, {
      timeout: TIMEOUT,
      timeoutMsg: "the needs list never showed a row",
    });
    console.log(`needs list shown ${Date.now() - t} ms after the click (WebDriver round trips included)`);
    const before = await byTestId(browser, "page-range").getText();
    await byTestId(browser, "page-next").click();
    await browser.waitUntil(async () => (await byTestId(browser, "page-range").getText()) !== before, {
      timeout: TIMEOUT,
      timeoutMsg: "the next page never came",
    });
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
    console.log(
      `${label}, needs list shown: app process RSS ${(main.rss / 1024).toFixed(0)} MB; ` +
        `with its web processes RSS ${(rss / 1024).toFixed(0)} MB (Pss ${(pss / 1024).toFixed(0)} MB)`,
    );
  } finally {
    await browser.deleteSession();
  }
}

await startup("welcome screen", []);
await startup("demo project", ["open", env("MEDSKAPA_DEMO")]);
await memoryWithNeeds("demo project", env("MEDSKAPA_DEMO"));
await memoryWithNeeds(`${NEEDS} needs`, generated());
