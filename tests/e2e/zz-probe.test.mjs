import { after, before, describe, it } from "node:test";
import { click, launch, waitForExisting } from "./helpers.mjs";
async function settleTime(browser, start) {
  let last = await browser.execute(() => document.querySelector("main")?.innerText.length ?? 0);
  let lastChange = Date.now();
  while (Date.now() - lastChange < 1500) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await browser.execute(() => document.querySelector("main")?.innerText.length ?? 0);
    if (now !== last) { last = now; lastChange = Date.now(); }
  }
  return lastChange - start;
}
describe("probe", () => {
  let browser;
  before(async () => { browser = await launch(["open", "/tmp/g100k-probe.medskapa"]); await waitForExisting(browser, '[data-testid="nav-oversikt"]', "nav"); await new Promise((r) => setTimeout(r, 8000)); });
  after(async () => { await browser?.deleteSession(); });
  it("tabs", async () => {
    const steps = [["nav-dialoger"], ["act-tab-reach"], ["act-tab-list"], ["nav-behov"], ["needs-tab-capture"], ["needs-tab-matrix"], ["needs-tab-codebook"], ["needs-tab-duplicates"], ["needs-tab-list"], ["nav-insikter"], ["insights-tab-trace"], ["insights-tab-list"], ["nav-uppfoljning"], ["nav-installningar"], ["nav-beslutsunderlag"], ["nav-nyckelfragor"], ["nav-tidslinje"]];
    for (const [id] of steps) {
      const start = Date.now();
      await click(browser, id);
      const ms = await settleTime(browser, start);
      console.log(`PROBE ${id}: ${ms} ms`);
    }
  });
});
