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
// dialogues, reach, briefs, data in/out (Dialoger / Beslutsunderlag / Inställningar views)
import type { Activity } from "./bindings/Activity";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BriefRequest } from "./bindings/BriefRequest";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportReport } from "./bindings/ImportReport";
import type { NeedMapping } from "./bindings/NeedMapping";
import type { Segment } from "./bindings/Segment";
import type { SegmentUsage } from "./bindings/SegmentUsage";
import type { TablePreview } from "./bindings/TablePreview";
// needs, codebook, insights (Behov / Insikter / Spårning views)
import type { Insight } from "./bindings/Insight";
import type { MatrixCell } from "./bindings/MatrixCell";
import type { Need } from "./bindings/Need";
import type { NeedFilter } from "./bindings/NeedFilter";
import type { NeedRow } from "./bindings/NeedRow";
import type { NeedsPage } from "./bindings/NeedsPage";
import type { Tag } from "./bindings/Tag";
import type { TagCount } from "./bindings/TagCount";
import type { UndoResult } from "./bindings/UndoResult";

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

  // ---- dialogues and segments
  saveActivity: (activity: Activity) => call<Activity>("save_activity", { activity }),
  deleteActivity: (id: string) => call<null>("delete_activity", { id }),
  duplicateActivity: (id: string) => call<Activity>("duplicate_activity", { id }),
  exportFeedback: (activityId: string, lang: string) => call<string | null>("export_feedback", { activityId, lang }),
  saveSegment: (segment: Segment) => call<Segment>("save_segment", { segment }),
  deleteSegment: (id: string, force: boolean) => call<null>("delete_segment", { id, force }),
  mergeSegments: (from: string, into: string) => call<null>("merge_segments", { from, into }),
  segmentUsage: (id: string) => call<SegmentUsage>("segment_usage", { id }),
  // ---- decision briefs
  briefPreview: (request: BriefRequest) => call<string>("brief_preview", { request }),
  exportBrief: (request: BriefRequest) => call<string | null>("export_brief", { request }),
  // ---- data in and out, backups
  pickImportTable: () => call<TablePreview | null>("pick_import_table"),
  previewNeedImport: (mapping: NeedMapping) => call<ImportPreview>("preview_need_import", { mapping }),
  importNeeds: (mapping: NeedMapping, activityId: string) => call<ImportReport>("import_needs", { mapping, activityId }),
  exportSheet: (what: "needs" | "activities", format: "csv" | "xlsx") => call<string | null>("export_sheet", { what, format }),
  exportJson: () => call<string | null>("export_json"),
  importJson: () => call<ProjectSummary | null>("import_json"),
  saveCopy: () => call<string | null>("save_copy"),
  listBackups: () => call<BackupInfo[]>("list_backups"),
  restoreBackup: (index: number) => call<ProjectSummary | null>("restore_backup", { index }),
  // ---- needs, codebook, insights
  needsPage: (filter: NeedFilter, offset: number, limit: number) => call<NeedsPage>("needs_page", { filter, offset, limit }),
  needsByIds: (ids: string[]) => call<NeedRow[]>("needs_by_ids", { ids }),
  tagCounts: (filter: NeedFilter) => call<TagCount[]>("tag_counts", { filter }),
  tagSegmentMatrix: (filter: NeedFilter) => call<MatrixCell[]>("tag_segment_matrix", { filter }),
  saveNeed: (need: Need) => call<Need>("save_need", { need }),
  deleteNeeds: (ids: string[]) => call<number>("delete_needs", { ids }),
  tagNeeds: (ids: string[], tagId: string, add: boolean) => call<number>("tag_needs", { ids, tagId, add }),
  saveTag: (tag: Tag) => call<Tag>("save_tag", { tag }),
  deleteTag: (id: string) => call<null>("delete_tag", { id }),
  mergeTags: (from: string, into: string) => call<null>("merge_tags", { from, into }),
  tagUsage: (id: string) => call<number>("tag_usage", { id }),
  saveInsight: (insight: Insight) => call<Insight>("save_insight", { insight }),
  deleteInsight: (id: string) => call<null>("delete_insight", { id }),
  undo: () => call<UndoResult | null>("undo"),
  peekUndo: () => call<UndoResult | null>("peek_undo"),
};
