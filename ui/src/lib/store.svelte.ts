// App-wide state: what Rust said about the app and the open project, where the user is,
// and the modal dialogs / live region everything shares.
import { api, asCoreError, watchErrors, type UiError } from "./api";
import { mark, markDrawn } from "./marks";
import type { AppInfo } from "./bindings/AppInfo";
import type { LadderLevel } from "./bindings/LadderLevel";
import type { ProjectRows } from "./bindings/ProjectRows";
import type { Warning } from "./bindings/Warning";
import { setLang, t, tCode, type Key, type Lang } from "./i18n/index.svelte";
import type { Target, ViewId } from "./warnings";

class AppState {
  ready = $state(false);
  info = $state<AppInfo | null>(null);
  /**
   * The project's rows as the core last sent them. Replaced as a whole on every reload and
   * never changed in place, so it is kept as sent (`$state.raw`): reading ten thousand
   * activities then costs no reactive proxy per object and field, and copying them none.
   */
  project = $state.raw<ProjectRows | null>(null);
  /** The planning warnings, replaced as a whole like the project. */
  warnings = $state.raw<Warning[]>([]);
  ladder = $state<LadderLevel[]>([]);
  /** Bumped after every change, so views that load their own data reload. */
  version = $state(0);
  /** The shared project's server cannot be reached: the banner shows, and the app retries. */
  offline = $state(false);
}

export const app = new AppState();

export const nav = $state({
  view: "oversikt" as ViewId,
  target: null as Target | null,
  /** Bumped on every navigation, so a view notices a new target for the same item. */
  seq: 0,
});

export interface AlertState {
  title: string;
  body: string;
  detail: string;
}

export interface ChoiceButton {
  value: string;
  label: string;
  kind?: "primary" | "danger" | "plain";
  testid?: string;
}

export interface ConfirmState {
  title: string;
  body: string;
  buttons: ChoiceButton[];
  resolve: (value: string | null) => void;
}

export const ui = $state({
  alert: null as AlertState | null,
  confirm: null as ConfirmState | null,
  status: "",
  statusSeq: 0,
});

/** The readable sentence for a CoreError code (falls back to Rust's message). */
export function errorText(e: UiError): string {
  return tCode(`error.code.${e.code}`, "error.code.unknown");
}

/**
 * Show an error as a modal alert dialog. A lost connection while a project is open is the
 * banner's to say, unless a save failed: the user needs to hear that it was not saved.
 */
export function showError(titleKey: Key, err: unknown): void {
  const e = asCoreError(err);
  if (e.code === "offline" && app.info?.project && titleKey !== "error.save_title") {
    connectionLost();
    return;
  }
  ui.alert = { title: t(titleKey), body: errorText(e), detail: e.message };
}

/** Ask with a modal dialog; resolves to the chosen button's value, or null (Escape). */
export function choose(title: string, body: string, buttons: ChoiceButton[]): Promise<string | null> {
  return new Promise((resolve) => {
    ui.confirm = { title, body, buttons, resolve };
  });
}

/** Ask "Ta bort / Avbryt" with a modal dialog; true only when the user chose to delete. */
export async function confirmDelete(title: string, body: string): Promise<boolean> {
  const r = await choose(title, body, [
    { value: "delete", label: t("common.delete"), kind: "danger", testid: "confirm-delete" },
    { value: "cancel", label: t("common.cancel"), kind: "plain", testid: "confirm-cancel" },
  ]);
  return r === "delete";
}

let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** Say something in the polite live region ("Sparat"), shown briefly as a toast. */
export function announce(message: string): void {
  ui.status = message;
  ui.statusSeq++;
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => (ui.status = ""), 4000);
}

// ---- unsaved-changes guard -------------------------------------------------------------

// One per form on the page (Inställningar shows two).
const guards = new Set<() => boolean>();

/** A form registers a function telling whether it has unsaved changes; returns the unregister. */
export function setGuard(fn: () => boolean): () => void {
  guards.add(fn);
  return () => {
    guards.delete(fn);
  };
}

/** True when it is fine to leave the current form (no changes, or the user chose to discard). */
export async function mayLeave(): Promise<boolean> {
  if (![...guards].some((dirty) => dirty())) return true;
  const r = await choose(t("common.unsaved_title"), t("common.unsaved_body"), [
    { value: "discard", label: t("common.discard"), kind: "danger", testid: "confirm-discard" },
    { value: "keep", label: t("common.keep_editing"), kind: "primary", testid: "confirm-keep" },
  ]);
  if (r === "discard") {
    guards.clear();
    return true;
  }
  return false;
}

/** Go to a view (and optionally an item in it). */
export async function go(target: Target): Promise<void> {
  if (!(await mayLeave())) return;
  nav.view = target.view;
  nav.target = target.kind ? target : null;
  nav.seq++;
}

// ---- a shared project's connection ------------------------------------------------------

/** How often the app tries to reach the server again while the connection is lost. */
const RETRY_MS = 4000;
let retryTimer: ReturnType<typeof setInterval> | undefined;
let reconnecting = false;

watchErrors((e) => {
  if (e.code === "offline") connectionLost();
});

/** A command found the shared project's server gone: show the banner and keep trying. */
export function connectionLost(): void {
  if (!app.info?.project || app.offline) return;
  app.offline = true;
  clearInterval(retryTimer);
  retryTimer = setInterval(() => void reconnectNow(), RETRY_MS);
  void reconnectNow();
}

function connectionFine(): void {
  app.offline = false;
  clearInterval(retryTimer);
  retryTimer = undefined;
}

/** Try to reach the server again; when it answers, the banner goes and the data is reloaded. */
export async function reconnectNow(): Promise<void> {
  if (reconnecting || !app.offline) return;
  reconnecting = true;
  try {
    const summary = await api.reconnect();
    connectionFine();
    if (app.info) app.info.project = summary;
    await loadProject();
    announce(t("app.online"));
  } catch {
    // Still gone: the banner stays and the timer tries again.
  } finally {
    reconnecting = false;
  }
}

// ---- loading ---------------------------------------------------------------------------

export async function refreshInfo(): Promise<void> {
  app.info = await api.appInfo();
}

/**
 * Load (or reload) everything the planning views show: the warnings and the ladder first,
 * then the project's rows, which are large on a big project. Översikt asks the core for its
 * own summary when it is drawn, so it shows its content before the rows have arrived; the
 * other views wait for them (see Shell).
 */
export async function loadProject(): Promise<void> {
  try {
    const [warnings, ladder] = await Promise.all([api.check(), api.ladder()]);
    app.warnings = warnings;
    app.ladder = ladder;
    app.project = await api.projectData();
    // When the rows came (tests/e2e/measure.mjs splits a first visit's time with it).
    mark("medskapa-rows");
    app.version++;
  } catch (e) {
    showError("common.error_title", e);
  }
}

/** After opening or creating a project: fresh app info, data, and the overview. */
export async function projectOpened(): Promise<void> {
  connectionFine();
  await refreshInfo();
  nav.view = "oversikt";
  nav.target = null;
  nav.seq++;
  if (app.info?.project) await loadProject();
}

export async function closeProject(): Promise<void> {
  if (!(await mayLeave())) return;
  try {
    await api.closeProject();
  } catch (e) {
    showError("common.error_title", e);
    return;
  }
  app.project = null;
  app.warnings = [];
  connectionFine();
  await refreshInfo();
}

export async function changeLang(l: Lang): Promise<void> {
  setLang(l);
  if (app.info) app.info.lang = l;
  try {
    await api.setLang(l);
    // The core words the planning warnings in the chosen language.
    if (app.info?.project) app.warnings = await api.check();
  } catch (e) {
    showError("common.error_title", e);
  }
}

export async function start(): Promise<void> {
  try {
    await refreshInfo();
    setLang(app.info?.lang === "en" ? "en" : "sv");
    const startupError = await api.startupError().catch(() => null);
    if (startupError?.field === "settings") {
      // The settings file was set aside (or could not be read): say so, the file as detail.
      ui.alert = { title: t("error.settings_title"), body: t("error.settings_body"), detail: startupError.message };
    } else if (startupError) showError("error.open_title", startupError);
    // Not awaited: the window draws (Översikt with its own summary) while the rows load.
    if (app.info?.project) void loadProject();
  } catch (e) {
    showError("common.error_title", e);
  }
  app.ready = true;
  // When the first screen (welcome or project) is drawn: the startup measurement
  // (tests/e2e/measure.mjs) reads this mark.
  markDrawn("medskapa-ready");
}

export function today(): string {
  return app.info?.today ?? new Date().toISOString().slice(0, 10);
}

export function isReadOnly(): boolean {
  return app.info?.project?.read_only ?? false;
}
