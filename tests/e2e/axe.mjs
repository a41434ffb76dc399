// Accessibility checks in the real window: axe-core's WCAG 2.1 A/AA rules, plus our own
// contrast measure for the text where axe cannot decide the background.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Put axe into the page (again, after a document.write replaced it). */
export async function injectAxe(browser) {
  const has = await browser.execute(() => typeof window.axe === "object");
  if (has) return;
  // Run as the script's own body: the app's content policy forbids eval in the page.
  await browser.execute(`${AXE_SOURCE}\n;return typeof window.axe;`);
  const now = await browser.execute(() => typeof window.axe);
  if (now !== "object") throw new Error(`axe-core did not load into the page (window.axe is ${now})`);
}

/**
 * For axe's undecided colour-contrast nodes: the text's colour against the first opaque
 * background found walking up the ancestors (semi-transparent layers composited on the way).
 * Returns one entry per node: its ratio and the required one, or a note why it was skipped.
 * Runs in the page.
 */
function measureContrast(targets) {
  const parse = (s) => {
    const m = /^rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)$/.exec(s.trim());
    if (!m) return null;
    let a = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1], g: +m[2], b: +m[3], a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const ch = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const out = [];
  for (const target of targets) {
    const el = document.querySelector(target);
    if (!el) {
      out.push({ target, note: "element gone" });
      continue;
    }
    const cs = getComputedStyle(el);
    const fg = parse(cs.color);
    if (!fg) {
      out.push({ target, note: `colour not parsed: ${cs.color}` });
      continue;
    }
    // Layers from the element up, until an opaque one.
    const layers = [];
    let note = "";
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.backgroundImage && s.backgroundImage !== "none") {
        note = `background image on ${n.tagName.toLowerCase()}${n.className ? "." + String(n.className).split(" ")[0] : ""}`;
        break;
      }
      const bg = parse(s.backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) break;
      }
    }
    if (note) {
      out.push({ target, note });
      continue;
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 }; // the window's canvas
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    const text = fg.a < 1 ? over(fg, bg) : fg;
    const l1 = lum(text);
    const l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({ target, ratio: Math.round(ratio * 100) / 100, required: large ? 3 : 4.5, color: cs.color });
  }
  return out;
}

/**
 * Run axe (WCAG 2.1 A/AA) on the page and measure the contrast axe left undecided.
 * Returns a list of problems ({ id, impact, targets, help }); empty when clean, plus notes
 * on the nodes whose contrast could not be measured (background images), and how many
 * undecided nodes were measured here.
 */
export async function accessibilityProblems(browser) {
  await injectAxe(browser);
  await browser.setTimeout({ script: 120_000 });
  const result = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] })
      .then((r) =>
        done({
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")),
            summaries: v.nodes.map((n) => n.failureSummary),
          })),
          contrast: r.incomplete
            .filter((v) => v.id === "color-contrast")
            .flatMap((v) => v.nodes.map((n) => n.target.join(" "))),
        }),
      )
      .catch((e) => done({ error: String(e) }));
  }, WCAG_TAGS);
  if (result.error) throw new Error(`axe failed in the page: ${result.error}`);
  const problems = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.targets }));
  const notes = [];
  let measured = [];
  if (result.contrast.length > 0) {
    measured = await browser.execute(measureContrast, result.contrast);
    const low = measured.filter((m) => m.ratio !== undefined && m.ratio < m.required);
    for (const m of measured) if (m.note) notes.push(`${m.target}: ${m.note}`);
    if (low.length > 0) {
      problems.push({
        id: "color-contrast",
        impact: "serious",
        help: "Text contrast measured against the first opaque ancestor background",
        targets: low.map((m) => `${m.target} (${m.ratio}:1 < ${m.required}:1, ${m.color})`),
      });
    }
  }
  return { problems, notes, measured: measured.filter((m) => m.ratio !== undefined).length };
}

/** One line per problem: rule id, impact and the target selectors. */
export function describeProblems(where, problems) {
  return (
    `${where}: ${problems.length} accessibility problem(s)\n` +
    problems.map((p) => `  ${p.id} (${p.impact}): ${p.help}\n    ${p.targets.join("\n    ")}`).join("\n")
  );
}
