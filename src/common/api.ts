import { z } from 'zod';
import {
  DRAFT_SORTS,
  DRAFT_STATUSES,
  DraftFieldsInput,
  DraftId,
  ImageId,
  ImageMetaInput,
  LIMITS,
  ROLES,
  TagName,
  type Draft,
  type DraftPage,
  type ImageRecord,
  type Profile,
  type ReviewNote,
  type StatusChange,
  type Revision,
  type RevisionSummary,
  type StatusCounts,
} from './domain';
import type { ApiMethod } from './apiMethods';
import {
  PUBLISH_TARGET_KINDS,
  REMOTE_STATUS_CHOICES,
  type Publication,
  type PublishJob,
  type PublishOutcome,
  type PublishPreview,
  type PublishTarget,
} from './publish';
import { EXPORT_FORMATS, FIGURE_STYLES, type ExportedText, type FolderExportResult, type ImportFilesResult } from './exchange';
import type { CheckProblem } from './check';
import type { ApiResult } from './errors';

/**
 * The whole surface the renderer may call: one map of named methods, each
 * with the schema its input must pass. Main implements it, the preload
 * exposes exactly these names, and browser tests bind the same names to the
 * same services. Adding a capability means adding it here first.
 */

const Status = z.enum(DRAFT_STATUSES);

const DraftCreate = DraftFieldsInput.partial().extend({ status: Status.optional() });

const DraftSave = DraftFieldsInput.partial().extend({
  id: DraftId,
  expectedVersion: z.int().positive(),
  reason: z.enum(['autosave', 'manual']).default('autosave'),
  /** A writer's name for a manual revision ("sent to legal"). */
  revisionName: z.string().max(200).optional(),
});

const DraftList = z.object({
  query: z.string().max(LIMITS.query, 'The search is too long.').optional(),
  status: Status.optional(),
  tag: z.string().max(LIMITS.tag).optional(),
  section: z.string().max(LIMITS.section).optional(),
  trashed: z.boolean().default(false),
  sort: z.enum(DRAFT_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(LIMITS.pageSize).default(50),
});

const ById = z.object({ id: DraftId });

/**
 * A file or folder the writer chose in a native dialog (or dropped on the
 * window), as the opaque grant the shell issued for it. The renderer never
 * names a path: a script there could name any.
 */
export const GrantId = z
  .string({ error: 'Choose the file or folder in a dialog: Copydesk takes what the writer chose, never a path.' })
  .regex(/^grant-[A-Za-z0-9_-]{16,64}$/, 'Copydesk takes a file or folder the writer chose in a dialog, never a path: choose it again.');

/** What a grant is good for: reading the files chosen, writing the one file named in a save dialog, or creating files inside a folder. */
export const GRANT_KINDS = ['open-files', 'save-file', 'folder'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** A path the writer chose: the grant to pass back, and the path to show. */
export interface ChosenPath {
  grant: string;
  path: string;
}

/** Bulk export: the given drafts, or every live draft the library filter matches, into one folder. */
const ExportToFolder = z.object({
  /** Names this export so its progress events can be told apart and it can be cancelled. */
  jobId: z.string().max(100).optional(),
  ids: z.array(DraftId).max(100_000).optional(),
  filter: z
    .object({
      query: z.string().max(LIMITS.query).optional(),
      status: Status.optional(),
      tag: z.string().max(LIMITS.tag).optional(),
      section: z.string().max(LIMITS.section).optional(),
    })
    .optional(),
  /** A folder grant: the export creates new files inside it (and its `assets/`) only. */
  folder: GrantId,
  format: z.enum(EXPORT_FORMATS).default('md'),
  figureStyle: z.enum(FIGURE_STYLES).optional(),
});

const TargetName = z.string().trim().min(1, 'A target needs a name.').max(100, 'A target name is at most 100 characters.');
const TargetRef = z.string().trim().min(1).max(100);
const TargetOptions = z.record(z.string().max(100), z.json());
/** The secret goes in once and never comes back out: targets only say whether one is set. */
const TargetSecret = z.string().max(4096, 'That secret is too long.');

const TargetAdd = z.object({
  name: TargetName,
  kind: z.enum(PUBLISH_TARGET_KINDS),
  url: z.string().trim().max(2000),
  user: z.string().trim().max(200).default(''),
  options: TargetOptions.default({}),
  secret: TargetSecret.optional(),
});

const TargetUpdate = z.object({
  id: TargetRef,
  name: TargetName.optional(),
  url: z.string().trim().max(2000).optional(),
  user: z.string().trim().max(200).optional(),
  options: TargetOptions.optional(),
  /** An empty string removes the secret. */
  secret: TargetSecret.optional(),
});

const PublishRequest = z.object({
  draftId: DraftId,
  /** A target's id or name. */
  target: TargetRef,
  /** draft: kept as a draft there; review: waiting for review (WordPress "pending"); publish: live. */
  status: z.enum(REMOTE_STATUS_CHOICES).default('draft'),
});

/** Names the app's own settings use ("check", "profile"); never a name every object has (`__proto__`, `constructor`…). */
const SettingKey = z
  .string()
  .min(1, 'A setting needs a name.')
  .max(100, 'A setting name is at most 100 characters.')
  .regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'A setting name starts with a letter and uses letters, digits, ".", "_" and "-".')
  .refine((key) => !['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'].includes(key), {
    error: (issue) => `"${String(issue.input)}" cannot be a setting name: every object has it.`,
  });

/** Settings are small preferences; anything bigger is a mistake, and every settings read would carry it. */
export const SETTING_VALUE_MAX_BYTES = 256 * 1024;

const SettingValue = z.json().superRefine((value, ctx) => {
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > SETTING_VALUE_MAX_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `A setting holds at most ${SETTING_VALUE_MAX_BYTES / 1024} KB; this one is ${(bytes / 1024 / 1024).toFixed(1)} MB, so it was not saved.`,
    });
  }
});

const ImageImport = z.union([
  /** An open-files grant for one image file. */
  z.object({ file: GrantId }).extend(ImageMetaInput.shape),
  z
    .object({
      name: z.string().max(255).default('image'),
      dataBase64: z.string().max(Math.ceil((LIMITS.imageBytes * 4) / 3) + 4, 'The image is larger than 50 MB.'),
    })
    .extend(ImageMetaInput.shape),
]);

export const apiSchema = {
  'drafts.create': DraftCreate,
  'drafts.get': ById,
  'drafts.list': DraftList,
  'drafts.counts': z.object({}),
  /** `authors: false` when only the sections are wanted (the library's filter): the bylines cost a pass over every draft. */
  'drafts.facets': z.object({ authors: z.boolean().default(true) }),
  'drafts.save': DraftSave,
  'drafts.setStatus': z.object({
    id: DraftId,
    expectedVersion: z.int().positive(),
    status: Status,
    note: z.string().max(2000).optional(),
    /** An editor's reason for approving or publishing despite errors in the check. */
    override: z.string().trim().min(3, 'Give a reason for the override.').max(2000).optional(),
  }),
  'drafts.trail': ById,
  'drafts.check': ById,
  'drafts.bulkTag': z.object({
    ids: z.array(DraftId).min(1).max(LIMITS.pageSize),
    add: z.array(TagName).max(LIMITS.tags).default([]),
    remove: z.array(TagName).max(LIMITS.tags).default([]),
  }),
  'drafts.trash': ById,
  'drafts.restore': ById,
  'drafts.purge': ById,
  'tags.list': z.object({}),
  'tags.suggest': z.object({ prefix: z.string().max(LIMITS.tag), limit: z.int().min(1).max(50).default(10) }),
  'tags.rename': z.object({ name: TagName, to: TagName }),
  'tags.merge': z.object({ from: TagName, into: TagName }),
  'tags.delete': z.object({ name: TagName }),
  'tags.describe': z.object({ name: TagName, description: z.string().max(2000) }),
  'notes.list': z.object({ draftId: DraftId }),
  'notes.add': z.object({ draftId: DraftId, id: z.uuid(), quote: z.string().max(5000), body: z.string().trim().min(1, 'A note needs some words.').max(10_000) }),
  'notes.reply': z.object({ parentId: z.uuid(), body: z.string().trim().min(1, 'A reply needs some words.').max(10_000) }),
  'notes.resolve': z.object({ id: z.uuid(), resolved: z.boolean() }),
  'profile.get': z.object({}),
  'profile.set': z.object({ name: z.string().trim().min(1, 'Give your name.').max(200), role: z.enum(ROLES) }),
  'images.import': ImageImport,
  'images.get': z.object({ id: ImageId }),
  'images.update': z.object({ id: ImageId }).extend(ImageMetaInput.shape),
  'revisions.list': z.object({ draftId: DraftId }),
  'revisions.get': z.object({ id: z.int().positive() }),
  'revisions.restore': z.object({ id: z.int().positive(), expectedVersion: z.int().positive() }),
  'revisions.rename': z.object({ id: z.int().positive(), name: z.string().trim().max(200) }),
  'settings.get': z.object({ key: SettingKey }),
  'settings.set': z.object({ key: SettingKey, value: SettingValue }),
  'export.markdown': z.object({ id: DraftId, figureStyle: z.enum(FIGURE_STYLES).optional() }),
  /** `document: true` for a standalone page (headline, dek, byline above the body); else the body fragment a CMS takes. */
  'export.html': z.object({ id: DraftId, document: z.boolean().default(false) }),
  'export.toFolder': ExportToFolder,
  /** One piece to the file the writer named in a save dialog (which asked before replacing it), by its save-file grant; images go to `assets/` beside it. */
  'export.toFile': z.object({ id: DraftId, file: GrantId, format: z.enum(EXPORT_FORMATS).default('md'), figureStyle: z.enum(FIGURE_STYLES).optional() }),
  'export.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  /** Open-files grants, one per file. */
  'import.files': z.object({ files: z.array(GrantId).min(1, 'Choose at least one file.').max(1000, 'Import at most 1,000 files at once.') }),
  'targets.list': z.object({}),
  'targets.add': TargetAdd,
  'targets.update': TargetUpdate,
  'targets.remove': z.object({ id: TargetRef }),
  'targets.test': z.object({ id: TargetRef }),
  'publish.preview': PublishRequest,
  /** `wait: false` returns the queued job at once; progress comes as `publish.progress` events. */
  'publish.run': PublishRequest.extend({ wait: z.boolean().default(true) }),
  'publish.status': z.object({ draftId: DraftId }),
  'publish.jobs': z.object({ draftId: DraftId.optional(), limit: z.int().min(1).max(500).default(50) }),
  'publish.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'app.info': z.object({}),
  /** The renderer's answer to `app.flush-requested`: its pending edits are saved. */
  'app.flushed': z.object({ requestId: z.int().nonnegative() }),
  /** Native dialogs: a grant for each path the writer chose, so exports and imports touch only what they were pointed at. */
  'app.chooseFolder': z.object({ title: z.string().max(200) }),
  'app.chooseFiles': z.object({ title: z.string().max(200), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20) }),
  'app.chooseSaveFile': z.object({ title: z.string().max(200), defaultName: z.string().max(255), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20) }),
  /** Grants for the files of the writer's last drop on the window (once, and only just after the drop). */
  'app.takeDropped': z.object({}),
} as const satisfies { [M in ApiMethod]: z.ZodType };

export { API_METHODS, type ApiMethod } from './apiMethods';

export type SaveOutcome =
  | { kind: 'saved'; draft: Draft }
  | { kind: 'unchanged'; draft: Draft }
  /** Someone else saved first; nothing was written. */
  | { kind: 'conflict'; current: Draft };

/** What the library's filters and the fields' suggestions offer: values already in use. */
export interface DraftFacets {
  sections: string[];
  authors: string[];
}

export interface TagUsage {
  name: string;
  count: number;
  description: string;
}

export interface ApiOutputs {
  'drafts.create': Draft;
  'drafts.get': Draft;
  'drafts.list': DraftPage;
  'drafts.counts': StatusCounts;
  'drafts.facets': DraftFacets;
  'drafts.save': SaveOutcome;
  'drafts.setStatus': SaveOutcome;
  'drafts.trail': StatusChange[];
  'drafts.check': CheckProblem[];
  'drafts.bulkTag': { changed: number };
  'tags.rename': TagUsage;
  'tags.merge': TagUsage;
  'tags.delete': { name: string; affected: number };
  'tags.describe': TagUsage;
  'notes.list': ReviewNote[];
  'notes.add': ReviewNote;
  'notes.reply': ReviewNote;
  'notes.resolve': ReviewNote;
  'profile.get': Profile | null;
  'profile.set': Profile;
  'drafts.trash': Draft;
  'drafts.restore': Draft;
  'drafts.purge': { id: string };
  'tags.list': TagUsage[];
  'tags.suggest': string[];
  'images.import': ImageRecord;
  'images.get': ImageRecord;
  'images.update': ImageRecord;
  'revisions.list': RevisionSummary[];
  'revisions.get': Revision;
  'revisions.restore': SaveOutcome;
  'revisions.rename': RevisionSummary;
  'settings.get': { key: string; value: unknown };
  'settings.set': { key: string; value: unknown };
  'export.markdown': ExportedText;
  'export.html': ExportedText;
  'export.toFolder': FolderExportResult;
  'export.toFile': FolderExportResult;
  'export.cancel': { cancelled: boolean };
  'import.files': ImportFilesResult;
  'targets.list': PublishTarget[];
  'targets.add': PublishTarget;
  'targets.update': PublishTarget;
  'targets.remove': { id: string };
  'targets.test': { ok: boolean; message: string };
  'publish.preview': PublishPreview;
  'publish.run': PublishOutcome;
  'publish.status': { publications: Publication[]; jobs: PublishJob[] };
  'publish.jobs': PublishJob[];
  'publish.cancel': PublishJob;
  'app.info': AppInfo;
  'app.flushed': { requestId: number };
  'app.chooseFolder': { chosen: ChosenPath | null };
  'app.chooseFiles': { chosen: ChosenPath[] };
  'app.chooseSaveFile': { chosen: ChosenPath | null };
  'app.takeDropped': { chosen: ChosenPath[] };
}

export interface AppInfo {
  version: string;
  dataDir: string;
  databasePath: string;
  /** Where the app runs: the Electron shell, or a browser test harness. */
  shell: 'electron' | 'browser';
}

/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiSchema)[M]>;
/** What a service receives, after validation and defaults. */
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiSchema)[M]>;
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** The implementation side: one async function per method. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsed<M>) => Promise<ApiOutput<M>> };

/** Methods the shell around the services answers (the Electron app, or a test harness). */
export const SHELL_METHODS = ['app.info', 'app.flushed', 'app.chooseFolder', 'app.chooseFiles', 'app.chooseSaveFile', 'app.takeDropped'] as const satisfies readonly ApiMethod[];
export type ShellHandlers = Pick<ApiHandlers, (typeof SHELL_METHODS)[number]>;
export type ServiceHandlers = Omit<ApiHandlers, (typeof SHELL_METHODS)[number]>;

type Namespace<M extends string> = M extends `${infer N}.${string}` ? N : never;
type Member<M extends string, N extends string> = M extends `${N}.${infer K}` ? K : never;

/** The renderer side: `window.copydesk.drafts.save(...)`, one function per method. */
export type CopydeskClient = {
  [N in Namespace<ApiMethod>]: {
    [M in ApiMethod as Member<M, N>]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>;
  };
} & { events: { subscribe(listener: (event: AppEvent) => void): () => void } };

/** Events main pushes to the renderer, through one typed subscription. */
export type AppEvent =
  | { type: 'draft.saved'; id: string; version: number; updatedAt: string }
  | { type: 'app.flush-requested'; requestId: number }
  /** A publish job moved: its state, step, and a sentence for the user. */
  | { type: 'publish.progress'; job: PublishJob; message: string }
  /** A folder export's progress: pieces written (or failed) so far, of all. */
  | { type: 'export.progress'; jobId: string; done: number; total: number };
