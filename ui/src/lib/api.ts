// Typed wrappers around the Tauri commands. Each command, its arguments and its result are
// declared once in Rust (src-tauri/src/lib.rs) and generated into ./commands.ts, so a call
// that does not match the declaration does not type-check. The webview never sends SQL or
// file paths; errors reject as CoreError = {code, message, field?}.
import { invoke } from "@tauri-apps/api/core";
import type { CommandName, Commands } from "./commands";
import type { ActivityFilter } from "./bindings/ActivityFilter";
import type { CoreError } from "./bindings/CoreError";
import type { Decision } from "./bindings/Decision";
import type { Based } from "./bindings/Based";
import type { Commitment } from "./bindings/Commitment";
import type { CommitmentStatus } from "./bindings/CommitmentStatus";
import type { EntityKind } from "./bindings/EntityKind";
import type { KeyQuestion } from "./bindings/KeyQuestion";
import type { LadderLevel } from "./bindings/LadderLevel";
import type { ProjectInfo } from "./bindings/ProjectInfo";
import type { QuestionsOnDelete } from "./bindings/QuestionsOnDelete";
// dialogues, reach, briefs, data in/out (Dialoger / Beslutsunderlag / Inställningar views)
import type { Activity } from "./bindings/Activity";
import type { BriefRequest } from "./bindings/BriefRequest";
import type { NeedMapping } from "./bindings/NeedMapping";
import type { Segment } from "./bindings/Segment";
// needs, codebook, insights (Behov / Insikter / Spårning views)
import type { Insight } from "./bindings/Insight";
import type { Need } from "./bindings/Need";
import type { NeedFilter } from "./bindings/NeedFilter";
import type { Tag } from "./bindings/Tag";
// the timeline (Tidslinje)
import type { LabelFonts } from "./bindings/LabelFonts";
import type { TimelineOpening } from "./bindings/TimelineOpening";
import type { TimelineParams } from "./bindings/TimelineParams";
import type { TimelineRegion } from "./bindings/TimelineRegion";
import type { Lang } from "./bindings/Lang";
import type { SheetContent } from "./bindings/SheetContent";
import type { SheetFormat } from "./bindings/SheetFormat";
import type { ExportScope } from "./bindings/ExportScope";

/** An error as the UI handles it: the core's, or `unknown` for anything else. */
export type UiError = Omit<CoreError, "code"> & { code: CoreError["code"] | "unknown" };

/** Any rejection as a UiError (a rejection that is not the core's becomes code "unknown"). */
export function asCoreError(e: unknown): UiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const o = e as { code: unknown; message: unknown; field?: unknown };
    const err: UiError = { code: String(o.code) as UiError["code"], message: String(o.message) };
    if (typeof o.field === "string") err.field = o.field;
    return err;
  }
  return { code: "unknown", message: e instanceof Error ? e.message : String(e) };
}

let errorWatcher: ((e: UiError) => void) | null = null;

/** Have `watch` see every error a command rejects with (the app store watches for a lost connection). */
export function watchErrors(watch: (e: UiError) => void): void {
  errorWatcher = watch;
}

/** Call a declared command with its declared arguments; the result has its declared type. */
async function call<K extends CommandName>(
  cmd: K,
  ...args: Commands[K]["args"] extends Record<string, never> ? [] : [Commands[K]["args"]]
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(cmd, args[0]);
  } catch (e) {
    const err = asCoreError(e);
    errorWatcher?.(err);
    throw err;
  }
}

export const api = {
  appInfo: () => call("app_info"),
  startupError: () => call("startup_error"),
  newProject: (name: string) => call("new_project", { name }),
  openProject: () => call("open_project"),
  openRecent: (index: number) => call("open_recent", { index }),
  /** A shared project by its address; `password` only after the server asked for one. */
  openShared: (address: string, password: string | null) => call("open_shared", { address, password }),
  reconnect: () => call("reconnect"),
  openDemo: () => call("open_demo"),
  closeProject: () => call("close_project"),
  setLang: (lang: Lang) => call("set_lang", { lang }),
  saveProjectInfo: (info: ProjectInfo) => call("save_project_info", { info }),

  projectData: () => call("project_data"),
  check: () => call("check"),
  overview: () => call("overview"),
  /** Whom the dialogues behind a decision, or else one key question, reached per segment. */
  representation: (decisionId: string | null, keyQuestionId: string | null) =>
    call("representation", { decisionId, keyQuestionId }),
  /** Who the held dialogues reached: the table from column `from` (the latest when null), and every total. */
  reachPage: (from: number | null) => call("reach_page", { from }),
  /** Dialoger's list: the first `limit` activities the filter lets through, and as far as `show`. */
  activitiesPage: (filter: ActivityFilter, offset: number, limit: number, show: string | null) =>
    call("activities_page", { filter, offset, limit, show }),
  /** The rows of these activities, in the order asked (a deleted one left out). */
  activitiesByIds: (ids: string[]) => call("activities_by_ids", { ids }),
  /** The chart's label widths, measured in the window's fonts. */
  timelineFonts: (fonts: LabelFonts) => call("timeline_fonts", { fonts }),
  /** The chart's size and the markers in `region` (and `keep`); with `open`, where it opens. */
  timelineView: (params: TimelineParams, region: TimelineRegion | null, keep: string | null, open: TimelineOpening | null) =>
    call("timeline_view", { params, region, keep, open }),
  timelineFind: (params: TimelineParams, key: string) => call("timeline_find", { params, key }),
  timelineStep: (params: TimelineParams, key: string, forward: boolean) => call("timeline_step", { params, key, forward }),
  timelineCluster: (params: TimelineParams, key: string) => call("timeline_cluster", { params, key }),
  timelineList: (params: TimelineParams, from: number | null, to: number | null) => call("timeline_list", { params, from, to }),
  saveDecision: (decision: Decision) => call("save_decision", { decision }),
  decisionForEdit: (id: string) => call("decision_for_edit", { id }),
  saveDecisionFrom: (decision: Decision, base: Based<Decision> | null) =>
    call("save_decision_from", { decision, base }),
  deleteDecision: (id: string, questions: QuestionsOnDelete) =>
    call("delete_decision", { id, questions }),
  saveKeyQuestion: (question: KeyQuestion) => call("save_key_question", { question }),
  keyQuestionForEdit: (id: string) => call("key_question_for_edit", { id }),
  saveKeyQuestionFrom: (question: KeyQuestion, base: Based<KeyQuestion> | null) =>
    call("save_key_question_from", { question, base }),
  deleteKeyQuestion: (id: string) => call("delete_key_question", { id }),
  ladder: () => call("ladder"),
  saveLadder: (levels: LadderLevel[]) => call("save_ladder", { levels }),
  renderMarkdown: (src: string) => call("render_markdown", { src }),
  /** Activities for a type-ahead picker: those that fit `text`, nearest in time first. */
  findActivities: (text: string, limit: number) => call("find_activities", { text, limit }),
  activityChoice: (id: string) => call("activity_choice", { id }),
  findQuestions: (text: string, limit: number) => call("find_questions", { text, limit }),
  questionChoice: (id: string) => call("question_choice", { id }),

  // ---- dialogues and segments
  saveActivity: (activity: Activity) => call("save_activity", { activity }),
  activityForEdit: (id: string) => call("activity_for_edit", { id }),
  saveActivityFrom: (activity: Activity, base: Based<Activity> | null) =>
    call("save_activity_from", { activity, base }),
  deleteActivity: (id: string) => call("delete_activity", { id }),
  duplicateActivity: (id: string) => call("duplicate_activity", { id }),
  exportFeedback: (activityId: string, lang: Lang, allowPersonalData = false) =>
    call("export_feedback", { activityId, lang, allowPersonalData }),
  saveSegment: (segment: Segment) => call("save_segment", { segment }),
  segmentForEdit: (id: string) => call("segment_for_edit", { id }),
  saveSegmentFrom: (segment: Segment, base: Based<Segment> | null) =>
    call("save_segment_from", { segment, base }),
  deleteSegment: (id: string, force: boolean) => call("delete_segment", { id, force }),
  mergeSegments: (from: string, into: string) => call("merge_segments", { from, into }),
  segmentUsage: (id: string) => call("segment_usage", { id }),
  segmentUses: () => call("segment_uses"),
  // ---- decision briefs
  briefPreview: (request: BriefRequest) => call("brief_preview", { request }),
  exportBrief: (request: BriefRequest, allowPersonalData = false) =>
    call("export_brief", { request, allowPersonalData }),
  exportBriefHtml: (request: BriefRequest, allowPersonalData = false) =>
    call("export_brief_html", { request, allowPersonalData }),
  // ---- personal data in residents' words
  personalDataIn: (text: string) => call("personal_data_in", { text }),
  personalDataInExport: (scope: ExportScope) => call("personal_data_in_export", { scope }),
  // ---- data in and out, backups
  pickImportTable: () => call("pick_import_table"),
  previewNeedImport: (mapping: NeedMapping) => call("preview_need_import", { mapping }),
  importNeeds: (mapping: NeedMapping, activityId: string) => call("import_needs", { mapping, activityId }),
  exportSheet: (what: SheetContent, format: SheetFormat, allowPersonalData = false) =>
    call("export_sheet", { what, format, allowPersonalData }),
  exportJson: (allowPersonalData = false) => call("export_json", { allowPersonalData }),
  importJson: () => call("import_json"),
  saveCopy: () => call("save_copy"),
  listBackups: () => call("list_backups"),
  restoreBackup: (index: number) => call("restore_backup", { index }),
  // ---- needs, codebook, insights
  needsPage: (filter: NeedFilter, offset: number, limit: number) => call("needs_page", { filter, offset, limit }),
  needsByIds: (ids: string[]) => call("needs_by_ids", { ids }),
  tagCounts: (filter: NeedFilter) => call("tag_counts", { filter }),
  tagSegmentMatrix: (filter: NeedFilter) => call("tag_segment_matrix", { filter }),
  saveNeed: (need: Need) => call("save_need", { need }),
  needForEdit: (id: string) => call("need_for_edit", { id }),
  saveNeedFrom: (need: Need, base: Based<Need> | null) => call("save_need_from", { need, base }),
  deleteNeeds: (ids: string[]) => call("delete_needs", { ids }),
  tagNeeds: (ids: string[], tagId: string, add: boolean) => call("tag_needs", { ids, tagId, add }),
  saveTag: (tag: Tag) => call("save_tag", { tag }),
  tagForEdit: (id: string) => call("tag_for_edit", { id }),
  saveTagFrom: (tag: Tag, base: Based<Tag> | null) => call("save_tag_from", { tag, base }),
  deleteTag: (id: string) => call("delete_tag", { id }),
  mergeTags: (from: string, into: string) => call("merge_tags", { from, into }),
  tagUsage: (id: string) => call("tag_usage", { id }),
  saveInsight: (insight: Insight) => call("save_insight", { insight }),
  insightForEdit: (id: string) => call("insight_for_edit", { id }),
  saveInsightFrom: (insight: Insight, base: Based<Insight> | null) =>
    call("save_insight_from", { insight, base }),
  deleteInsight: (id: string) => call("delete_insight", { id }),
  // ---- commitments (Uppföljning)
  listCommitments: () => call("list_commitments"),
  commitmentForEdit: (id: string) => call("commitment_for_edit", { id }),
  saveCommitment: (commitment: Commitment) => call("save_commitment", { commitment }),
  saveCommitmentFrom: (commitment: Commitment, base: Based<Commitment> | null) =>
    call("save_commitment_from", { commitment, base }),
  deleteCommitment: (id: string) => call("delete_commitment", { id }),
  /** Set the status on `on` (today when null), with a note: an event in its history. */
  setCommitmentStatus: (id: string, status: CommitmentStatus, on: string | null, note: string) =>
    call("set_commitment_status", { id, status, on, note }),
  /** A new, planned commitment answering an insight, not yet saved. */
  commitmentFromInsight: (insightId: string) => call("commitment_from_insight", { insightId }),
  undo: () => call("undo"),
  peekUndo: () => call("peek_undo"),
  // ---- the local language model: status, suggestions, similar needs, duplicates
  aiStatus: () => call("ai_status"),
  aiCancel: () => call("ai_cancel"),
  suggestTagsForText: (text: string, excludeTagIds: string[]) =>
    call("suggest_tags_for_text", { text, excludeTagIds }),
  similarNeedsForText: (text: string, excludeNeedId: string | null, limit: number) =>
    call("similar_needs_for_text", { text, excludeNeedId, limit }),
  duplicatePairs: (limit: number) => call("duplicate_pairs", { limit }),
  mergeNeeds: (keepId: string, otherId: string) => call("merge_needs", { keepId, otherId }),
  // ---- who changed what, conflicts, and the name the user goes by
  stamps: (kind: EntityKind, ids: string[]) => call("stamps", { kind, ids }),
  openConflicts: () => call("open_conflicts"),
  conflictsOf: (kind: EntityKind, id: string) => call("conflicts_of", { kind, id }),
  resolveConflict: (id: number, value: string | number | boolean | null) =>
    call("resolve_conflict", { id, value }),
  displayName: () => call("display_name"),
  setDisplayName: (name: string) => call("set_display_name", { name }),
};
