// Typed wrappers around the Tauri commands (see the IPC contract). The webview never sends
// SQL or file paths; errors reject as CoreError = {code, message, field?}.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { CoreError } from "./bindings/CoreError";
import type { Decision } from "./bindings/Decision";
import type { KeyQuestion } from "./bindings/KeyQuestion";
import type { LadderLevel } from "./bindings/LadderLevel";
import type { Overview } from "./bindings/Overview";
import type { Project } from "./bindings/Project";
import type { ProjectInfo } from "./bindings/ProjectInfo";
import type { ProjectSummary } from "./bindings/ProjectSummary";
import type { QuestionsOnDelete } from "./bindings/QuestionsOnDelete";
import type { Warning } from "./bindings/Warning";

/** Any rejection as a CoreError (a non-CoreError becomes code "unknown"). */
export function asCoreError(e: unknown): CoreError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const o = e as { code: unknown; message: unknown; field?: unknown };
    const err: CoreError = { code: String(o.code), message: String(o.message) };
    if (typeof o.field === "string") err.field = o.field;
    return err;
  }
  return { code: "unknown", message: e instanceof Error ? e.message : String(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asCoreError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  startupError: () => call<CoreError | null>("startup_error"),
  newProject: (name: string) => call<ProjectSummary | null>("new_project", { name }),
  openProject: () => call<ProjectSummary | null>("open_project"),
  openRecent: (index: number) => call<ProjectSummary>("open_recent", { index }),
  openDemo: () => call<ProjectSummary>("open_demo"),
  closeProject: () => call<null>("close_project"),
  setLang: (lang: string) => call<null>("set_lang", { lang }),
  saveProjectInfo: (info: ProjectInfo) => call<ProjectSummary>("save_project_info", { info }),

  projectData: () => call<Project>("project_data"),
  check: () => call<Warning[]>("check"),
  overview: () => call<Overview>("overview"),
  saveDecision: (decision: Decision) => call<Decision>("save_decision", { decision }),
  deleteDecision: (id: string, questions: QuestionsOnDelete) =>
    call<null>("delete_decision", { id, questions }),
  saveKeyQuestion: (question: KeyQuestion) => call<KeyQuestion>("save_key_question", { question }),
  deleteKeyQuestion: (id: string) => call<null>("delete_key_question", { id }),
  ladder: () => call<LadderLevel[]>("ladder"),
  saveLadder: (levels: LadderLevel[]) => call<LadderLevel[]>("save_ladder", { levels }),
  renderMarkdown: (src: string) => call<string>("render_markdown", { src }),
};
