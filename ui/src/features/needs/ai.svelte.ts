// The local language model as the needs views see it: whether it is installed, how many
// needs it has analysed, and the analysis running in the background (the event `ai-progress`).
// The UI never waits for the analysis: suggestions and searches use what is analysed so far.
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import { api } from "../../lib/api";
import type { AiStatus } from "../../lib/bindings/AiStatus";
import { t } from "../../lib/i18n/index.svelte";
import { announce, showError } from "../../lib/store.svelte";

/** The event the shell sends while it analyses needs: how far it has come. */
export const AI_PROGRESS_EVENT = "ai-progress";

export const aiUi = $state({
  status: null as AiStatus | null,
  cancelling: false,
});

/** True when the language model is installed (suggestions, similar needs and meaning search work). */
export function aiInstalled(): boolean {
  return aiUi.status?.installed ?? false;
}

let asked = 0;

/** Ask the shell for the model's status now (a newer ask wins over a slower older one). */
export async function refreshAi(): Promise<void> {
  const my = ++asked;
  try {
    const s = await api.aiStatus();
    if (my === asked) aiUi.status = s;
  } catch {
    if (my === asked) aiUi.status = null;
  }
}

/** Stop the background analysis; what is analysed so far is kept. */
export async function cancelAi(): Promise<void> {
  if (aiUi.cancelling) return;
  aiUi.cancelling = true;
  try {
    await api.aiCancel();
    announce(t("ai.cancelled"));
  } catch (e) {
    showError("common.error_title", e);
  } finally {
    aiUi.cancelling = false;
    await refreshAi();
  }
}

let listening = false;

/** Follow the background analysis (once; outside the app there is nothing to hear). */
export async function listenAi(): Promise<void> {
  if (listening) return;
  listening = true;
  try {
    const target = getCurrentWebviewWindow().label;
    // Each step: ask for the status (the shell counts all needs, the event only this pass;
    // its last step comes after the pass ended, so "running" goes off then).
    await listen(AI_PROGRESS_EVENT, () => void refreshAi(), { target });
  } catch {
    // No shell (a unit test, a plain browser).
  }
}
