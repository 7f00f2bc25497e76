import { z } from 'zod';
import {
  BodyInput,
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
import type { CommandId } from './commands';
import { NO_FILTER } from './desk/board';
import type {
  DeskBoard,
  DeskBoardView,
  DeskConnection,
  DeskListing,
  DeskNotifications,
  DeskRequestOutcome,
  DeskStatus,
  SyncReport,
} from './desk/status';
import {
  DeskDocumentName,
  DeskRequest,
  PublishOrder,
  VocabularyChange,
  type DeskPublishJob,
  type DeskTarget,
  type VocabularyOutcome,
} from './desk/workflow';
import { LiveAwarenessState, YjsBytes, type LiveOpening, type LivePeer } from './desk/live';
import {
  PUBLISH_TARGET_KINDS,
  REMOTE_STATUS_CHOICES,
  type Publication,
  type PublishJob,
  type PublishOutcome,
  type PublishPreview,
  type PublishTarget,
} from './publish';
import {
  EXPORT_FORMATS,
  FIGURE_STYLES,
  type ExportedText,
  type FolderExportResult,
  type ImportFilesResult,
} from './exchange';
import { CheckSettingsInput, type CheckProblem, type CheckSettings } from './check';
import type { ApiResult } from './errors';
import { WordGoal, type PieceWordGoal } from './wordGoal';

/**
 * The whole surface the renderer may call: `apiContract` below, one entry per
 * named method with the schema its input must pass and what it answers. Main
 * implements it, the preload exposes exactly these names, and browser tests
 * bind the same names to the same services. Adding a capability means adding
 * its entry here first.
 */

const Status = z.enum(DRAFT_STATUSES);

const DraftCreate = DraftFieldsInput.partial().extend({ status: Status.optional() });

const DraftSave = DraftFieldsInput.partial().extend({
  body: BodyInput.optional(),
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
  .regex(
    /^grant-[A-Za-z0-9_-]{16,64}$/,
    'Copydesk takes a file or folder the writer chose in a dialog, never a path: choose it again.',
  );

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

const TargetName = z
  .string()
  .trim()
  .min(1, 'A target needs a name.')
  .max(100, 'A target name is at most 100 characters.');
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

declare const answerType: unique symbol;
/** What a method answers, carried by its entry as a type alone: answers come from our own services, so nothing checks them at run time. */
interface Returns<T> {
  readonly [answerType]?: T;
}
const returns = <T>(): Returns<T> => ({});

/** One method of the contract: the schema its input must pass, and what it answers. */
interface ApiEntry {
  input: z.ZodType;
  output: Returns<unknown>;
}

/**
 * The contract, one entry per method. The method list (`apiMethods.ts`), the
 * renderer's client and the handler maps' types are all derived from it.
 * `app.*` methods are the shell's; every other namespace is the services'.
 */
export const apiContract = {
  'drafts.create': { input: DraftCreate, output: returns<Draft>() },
  'drafts.get': { input: ById, output: returns<Draft>() },
  /** A piece for the editor: its fields, and its body as the JSON text it is kept as. */
  'drafts.open': { input: ById, output: returns<OpenedDraft>() },
  'drafts.list': { input: DraftList, output: returns<DraftPage>() },
  'drafts.counts': { input: z.object({}), output: returns<StatusCounts>() },
  /** `authors: false` when only the sections are wanted (the library's filter): the bylines cost a pass over every draft. */
  'drafts.facets': { input: z.object({ authors: z.boolean().default(true) }), output: returns<DraftFacets>() },
  'drafts.save': { input: DraftSave, output: returns<SaveOutcome>() },
  /** The open editor's save: the same save, answered without the body, which the window already holds. */
  'drafts.saveFromEditor': { input: DraftSave, output: returns<EditorSaveOutcome>() },
  'drafts.setStatus': {
    input: z.object({
      id: DraftId,
      expectedVersion: z.int().positive(),
      status: Status,
      note: z.string().max(2000).optional(),
      /** An editor's reason for approving or publishing despite errors in the check. */
      override: z.string().trim().min(3, 'Give a reason for the override.').max(2000).optional(),
    }),
    output: returns<SaveOutcome>(),
  },
  'drafts.trail': { input: ById, output: returns<StatusChange[]>() },
  'drafts.check': { input: ById, output: returns<CheckProblem[]>() },
  'drafts.bulkTag': {
    input: z.object({
      ids: z.array(DraftId).min(1).max(LIMITS.pageSize),
      add: z.array(TagName).max(LIMITS.tags).default([]),
      remove: z.array(TagName).max(LIMITS.tags).default([]),
    }),
    output: returns<{ changed: number }>(),
  },
  'drafts.trash': { input: ById, output: returns<Draft>() },
  'drafts.restore': { input: ById, output: returns<Draft>() },
  'drafts.purge': { input: ById, output: returns<{ id: string }>() },
  /** The piece's word-count goal: the writer's aim, kept beside the piece (not an edit of it). */
  'drafts.wordGoal': { input: ById, output: returns<PieceWordGoal>() },
  'drafts.setWordGoal': {
    input: z.object({ id: DraftId, words: WordGoal.nullable() }),
    output: returns<PieceWordGoal>(),
  },
  'tags.list': { input: z.object({}), output: returns<TagUsage[]>() },
  'tags.suggest': {
    input: z.object({ prefix: z.string().max(LIMITS.tag), limit: z.int().min(1).max(50).default(10) }),
    output: returns<string[]>(),
  },
  'tags.rename': { input: z.object({ name: TagName, to: TagName }), output: returns<TagUsage>() },
  'tags.merge': { input: z.object({ from: TagName, into: TagName }), output: returns<TagUsage>() },
  'tags.delete': { input: z.object({ name: TagName }), output: returns<{ name: string; affected: number }>() },
  'tags.describe': {
    input: z.object({ name: TagName, description: z.string().max(2000) }),
    output: returns<TagUsage>(),
  },
  'notes.list': { input: z.object({ draftId: DraftId }), output: returns<ReviewNote[]>() },
  'notes.add': {
    input: z.object({
      draftId: DraftId,
      id: z.uuid(),
      quote: z.string().max(5000),
      body: z.string().trim().min(1, 'A note needs some words.').max(10_000),
    }),
    output: returns<ReviewNote>(),
  },
  'notes.reply': {
    input: z.object({ parentId: z.uuid(), body: z.string().trim().min(1, 'A reply needs some words.').max(10_000) }),
    output: returns<ReviewNote>(),
  },
  'notes.resolve': { input: z.object({ id: z.uuid(), resolved: z.boolean() }), output: returns<ReviewNote>() },
  'profile.get': { input: z.object({}), output: returns<Profile | null>() },
  'profile.set': {
    input: z.object({ name: z.string().trim().min(1, 'Give your name.').max(200), role: z.enum(ROLES) }),
    output: returns<Profile>(),
  },
  'images.import': { input: ImageImport, output: returns<ImageRecord>() },
  'images.get': { input: z.object({ id: ImageId }), output: returns<ImageRecord>() },
  'images.update': { input: z.object({ id: ImageId }).extend(ImageMetaInput.shape), output: returns<ImageRecord>() },
  'revisions.list': { input: z.object({ draftId: DraftId }), output: returns<RevisionSummary[]>() },
  'revisions.get': { input: z.object({ id: z.int().positive() }), output: returns<Revision>() },
  'revisions.restore': {
    input: z.object({ id: z.int().positive(), expectedVersion: z.int().positive() }),
    output: returns<SaveOutcome>(),
  },
  'revisions.rename': {
    input: z.object({ id: z.int().positive(), name: z.string().trim().max(200) }),
    output: returns<RevisionSummary>(),
  },
  'settings.get': { input: z.object({ key: SettingKey }), output: returns<{ key: string; value: unknown }>() },
  'settings.set': {
    input: z.object({ key: SettingKey, value: SettingValue }),
    output: returns<{ key: string; value: unknown }>(),
  },
  'export.markdown': {
    input: z.object({ id: DraftId, figureStyle: z.enum(FIGURE_STYLES).optional() }),
    output: returns<ExportedText>(),
  },
  /** `document: true` for a standalone page (headline, dek, byline above the body); else the body fragment a CMS takes. */
  'export.html': {
    input: z.object({ id: DraftId, document: z.boolean().default(false) }),
    output: returns<ExportedText>(),
  },
  'export.toFolder': { input: ExportToFolder, output: returns<FolderExportResult>() },
  /** One piece to the file the writer named in a save dialog (which asked before replacing it), by its save-file grant; images go to `assets/` beside it. */
  'export.toFile': {
    input: z.object({
      id: DraftId,
      file: GrantId,
      format: z.enum(EXPORT_FORMATS).default('md'),
      figureStyle: z.enum(FIGURE_STYLES).optional(),
    }),
    output: returns<FolderExportResult>(),
  },
  'export.cancel': {
    input: z.object({ jobId: z.string().min(1).max(100) }),
    output: returns<{ cancelled: boolean }>(),
  },
  /** Open-files grants, one per file. */
  'import.files': {
    input: z.object({
      files: z.array(GrantId).min(1, 'Choose at least one file.').max(1000, 'Import at most 1,000 files at once.'),
    }),
    output: returns<ImportFilesResult>(),
  },
  'targets.list': { input: z.object({}), output: returns<PublishTarget[]>() },
  'targets.add': { input: TargetAdd, output: returns<PublishTarget>() },
  'targets.update': { input: TargetUpdate, output: returns<PublishTarget>() },
  'targets.remove': { input: z.object({ id: TargetRef }), output: returns<{ id: string }>() },
  'targets.test': { input: z.object({ id: TargetRef }), output: returns<{ ok: boolean; message: string }>() },
  'publish.preview': { input: PublishRequest, output: returns<PublishPreview>() },
  /** `wait: false` returns the queued job at once; progress comes as `publish.progress` events. */
  'publish.run': {
    input: PublishRequest.extend({ wait: z.boolean().default(true) }),
    output: returns<PublishOutcome>(),
  },
  'publish.status': {
    input: z.object({ draftId: DraftId }),
    output: returns<{ publications: Publication[]; jobs: PublishJob[] }>(),
  },
  'publish.jobs': {
    input: z.object({ draftId: DraftId.optional(), limit: z.int().min(1).max(500).default(50) }),
    output: returns<PublishJob[]>(),
  },
  'publish.cancel': { input: z.object({ jobId: z.string().min(1).max(100) }), output: returns<PublishJob>() },
  /** The newsroom's desk (docs/ARCHITECTURE.md, "The team desk"): where this computer stands, without connecting. */
  'desk.status': { input: z.object({}), output: returns<DeskStatus>() },
  /** Checks the server accepts the token, then keeps the address and the token (in the keychain) and goes live. */
  'desk.join': {
    input: z.object({
      url: z
        .string()
        .trim()
        .min(1, 'Give the desk address your newsroom gave you, like ws://desk.example.org:4455.')
        .max(2000),
      token: z
        .string()
        .trim()
        .min(1, 'Give the token `copydesk-server users add` printed for you.')
        .max(4096, 'That token is too long.'),
    }),
    output: returns<DeskConnection>(),
  },
  /** Works offline: the piece reaches the desk when the connection does. */
  'desk.share': { input: z.object({ draftId: DraftId }), output: returns<{ draftId: string; document: string }>() },
  /** Takes the piece off the desk's list; everyone holding it keeps their copy as a local piece. */
  'desk.unshare': { input: z.object({ draftId: DraftId }), output: returns<{ draftId: string }>() },
  'desk.sync': { input: z.object({}), output: returns<SyncReport>() },
  /** The piece this window shows (null: none), so colleagues see who is in a shared piece. */
  'desk.presence': { input: z.object({ draftId: DraftId.nullable() }), output: returns<Record<string, never>>() },
  /** The desk's pieces, from its index: nothing is downloaded. */
  'desk.list': { input: z.object({}), output: returns<DeskListing[]>() },
  /** Downloads one piece of the desk's list and keeps it here. */
  'desk.take': {
    input: z.object({ document: DeskDocumentName }),
    output: returns<{ draftId: string }>(),
  },
  /** Asks the desk for a decision on a shared piece (the server checks the role and the piece's status); offline, it waits here and is sent on reconnect. */
  'desk.request': {
    // The desk's own request, with the draft in place of what the app fills in (its id, document and headline).
    input: DeskRequest.omit({ id: true, document: true, headline: true }).extend({ draftId: DraftId }),
    output: returns<DeskRequestOutcome>(),
  },
  /**
   * The team's shared pieces with their status, assignee, editor, deadline and slot, and this computer's waiting or
   * refused requests: the desk heard first (as `copydesk desk board`), then every piece.
   */
  'desk.board': { input: z.object({}), output: returns<DeskBoard>() },
  /**
   * The Team desk as the window draws it, answered at once from what this computer keeps, for the filters chosen and
   * the first cards of each column; the desk is heard behind it, and desk.changed follows when that brought news.
   */
  'desk.boardView': {
    input: z.object({
      filter: z.object({ mine: z.boolean(), mySection: z.boolean(), dueToday: z.boolean() }).default(NO_FILTER),
      shown: z.partialRecord(z.enum(DRAFT_STATUSES), z.int().min(1).max(100_000)).default({}),
    }),
    output: returns<DeskBoardView>(),
  },
  /** Forgets a refused request once the person has read why. */
  'desk.dismiss': { input: z.object({ requestId: z.uuid() }), output: returns<{ requestId: string }>() },
  'desk.notifications': { input: z.object({}), output: returns<DeskNotifications>() },
  'desk.readNotifications': {
    input: z.object({ ids: z.union([z.array(z.int().positive()).max(1000), z.literal('all')]) }),
    output: returns<DeskNotifications>(),
  },
  /** The newsroom's publish targets, kept on the desk's server with their secrets. */
  'desk.targets': { input: z.object({}), output: returns<DeskTarget[]>() },
  /** Asks the desk to publish a shared piece (editors), now or at `at`; the desk's outbox sends it. Needs the connection. */
  'desk.publish': {
    input: PublishOrder.omit({ document: true }).extend({ draftId: DraftId }),
    output: returns<DeskPublishJob>(),
  },
  /** The desk's publish jobs for a shared piece, newest first: their progress and the post's address. */
  'desk.publishJobs': { input: z.object({ draftId: DraftId }), output: returns<DeskPublishJob[]>() },
  /** Replaces the newsroom's pre-publish check rules on the desk (editors), and here. */
  'desk.saveCheckSettings': { input: CheckSettingsInput, output: returns<CheckSettings>() },
  /** Renames (or merges) a tag or section on every shared piece (editors); without `apply`, only says which pieces it touches. */
  'desk.vocabulary': { input: VocabularyChange, output: returns<VocabularyOutcome>() },
  /**
   * The window binds an open shared piece live (src/renderer/src/desk/ipcProvider.ts): main answers what the
   * window's doc lacks (by its state vector); null when the piece is not shared or this app has no desk client.
   */
  'desk.liveOpen': {
    input: z.object({ draftId: DraftId, stateVector: YjsBytes.optional() }),
    output: returns<LiveOpening | null>(),
  },
  /** A change the writer made in the live piece, as a Yjs update: main's document takes it (and the desk, once online). */
  'desk.liveUpdate': {
    input: z.object({ document: DeskDocumentName, update: YjsBytes }),
    output: returns<Record<string, never>>(),
  },
  /** The window's caret and focus in the live piece, which main's connection carries to the others. */
  'desk.liveAwareness': {
    input: z.object({ document: DeskDocumentName, state: LiveAwarenessState }),
    output: returns<Record<string, never>>(),
  },
  /** The window stopped showing the live piece. */
  'desk.liveClose': { input: z.object({ document: DeskDocumentName }), output: returns<Record<string, never>>() },
  'app.info': { input: z.object({}), output: returns<AppInfo>() },
  /** The renderer's answer to `app.flush-requested`: its pending edits are saved. */
  'app.flushed': { input: z.object({ requestId: z.int().nonnegative() }), output: returns<{ requestId: number }>() },
  /** The window opened or closed a piece: the menu bar enables the piece's commands only while one is open. */
  'app.pieceOpen': { input: z.object({ open: z.boolean() }), output: returns<{ open: boolean }>() },
  /** Native dialogs: a grant for each path the writer chose, so exports and imports touch only what they were pointed at. */
  'app.chooseFolder': {
    input: z.object({ title: z.string().max(200) }),
    output: returns<{ chosen: ChosenPath | null }>(),
  },
  'app.chooseFiles': {
    input: z.object({ title: z.string().max(200), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20) }),
    output: returns<{ chosen: ChosenPath[] }>(),
  },
  'app.chooseSaveFile': {
    input: z.object({
      title: z.string().max(200),
      defaultName: z.string().max(255),
      extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20),
    }),
    output: returns<{ chosen: ChosenPath | null }>(),
  },
  /** Grants for the files of the writer's last drop on the window (once, and only just after the drop). */
  'app.takeDropped': { input: z.object({}), output: returns<{ chosen: ChosenPath[] }>() },
} as const satisfies Record<`${string}.${string}`, ApiEntry>;

export type SaveOutcome =
  | { kind: 'saved'; draft: Draft }
  | { kind: 'unchanged'; draft: Draft }
  /** Someone else saved first; nothing was written. */
  | { kind: 'conflict'; current: Draft };

/** A saved draft as the window hears of it: its fields and version, not its body. */
export type SavedFields = Omit<Draft, 'body'>;

/**
 * A piece as the editor opens it. The body crosses to the window as one string, which Lexical parses there, rather
 * than as a tree of objects the transport copies node by node (most of a 10,000-word piece's open).
 */
export interface OpenedDraft {
  draft: SavedFields;
  body: string;
}

/**
 * What the editor's save hears back. Sending the body back made the window copy the whole piece on its typing
 * thread after every autosave (the longest block of the idle autosave); a conflict still brings theirs whole.
 */
export type EditorSaveOutcome =
  | { kind: 'saved'; draft: SavedFields }
  | { kind: 'unchanged'; draft: SavedFields }
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

export interface AppInfo {
  version: string;
  dataDir: string;
  databasePath: string;
  /** Where the app runs: the Electron shell, or a browser test harness. */
  shell: 'electron' | 'browser';
}

export type ApiMethod = keyof typeof apiContract;
type Entry<M extends ApiMethod> = (typeof apiContract)[M];

/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethod> = z.input<Entry<M>['input']>;
/** What a service receives, after validation and defaults. */
export type ApiParsed<M extends ApiMethod> = z.output<Entry<M>['input']>;
export type ApiOutput<M extends ApiMethod> = Entry<M>['output'] extends Returns<infer T> ? T : never;

/** The implementation side: one async function per method. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsed<M>) => Promise<ApiOutput<M>> };

/** Methods the shell around the services answers (the Electron app, or a test harness): the `app.*` namespace. */
type ShellMethod = Extract<ApiMethod, `app.${string}`>;
export type ShellHandlers = Pick<ApiHandlers, ShellMethod>;
export type ServiceHandlers = Omit<ApiHandlers, ShellMethod>;

type Namespace<M extends string> = M extends `${infer N}.${string}` ? N : never;
type Member<M extends string, N extends string> = M extends `${N}.${infer K}` ? K : never;

/** The renderer side: `window.copydesk.drafts.save(...)`, one function per method. */
export type CopydeskClient = {
  [N in Namespace<ApiMethod>]: {
    [M in ApiMethod as Member<M, N>]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>;
  };
} & { events: { subscribe: (listener: (event: AppEvent) => void) => () => void } };

/** Events main pushes to the renderer, through one typed subscription. */
export type AppEvent =
  | { type: 'draft.saved'; id: string; version: number; updatedAt: string }
  | { type: 'app.flush-requested'; requestId: number }
  /** A publish job moved: its state, step, and a sentence for the user. */
  | { type: 'publish.progress'; job: PublishJob; message: string }
  /** A folder export's progress: pieces written (or failed) so far, of all. */
  | { type: 'export.progress'; jobId: string; done: number; total: number }
  /** A shared piece was taken off the newsroom's desk; this computer keeps it as a local piece. */
  | { type: 'desk.unshared'; draftId: string; headline: string }
  /** A piece kept here since it was taken off the desk is on the desk again: this computer's copy follows it again. */
  | { type: 'desk.reshared'; draftId: string; headline: string }
  /** The desk's board or this person's notifications changed (a decision, an answer to a waiting request). */
  | { type: 'desk.changed' }
  /** The live piece's document changed in main (a colleague's edit, a restore): the window's doc takes the update. */
  | { type: 'desk.liveUpdate'; document: string; update: string }
  /** Who else is in the live piece and where their carets are, whenever that changes. */
  | { type: 'desk.livePeers'; document: string; peers: LivePeer[] }
  /** The writer chose a command the window carries out (from the menu bar; src/common/commands.ts). */
  | { type: 'app.command'; command: CommandId };
