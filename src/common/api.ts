import { z } from 'zod';
import {
  DRAFT_SORTS,
  DRAFT_STATUSES,
  DraftFieldsInput,
  DraftId,
  ImageId,
  ImageMetaInput,
  LIMITS,
  type Draft,
  type DraftPage,
  type ImageRecord,
  type Revision,
  type RevisionSummary,
  type StatusCounts,
} from './domain';
import type { ApiMethod } from './apiMethods';
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

const ImageImport = z.union([
  z.object({ path: z.string().min(1).max(4096) }).extend(ImageMetaInput.shape),
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
  'drafts.facets': z.object({}),
  'drafts.save': DraftSave,
  'drafts.setStatus': z.object({ id: DraftId, expectedVersion: z.int().positive(), status: Status, note: z.string().max(2000).optional() }),
  'drafts.trash': ById,
  'drafts.restore': ById,
  'drafts.purge': ById,
  'tags.list': z.object({}),
  'tags.suggest': z.object({ prefix: z.string().max(LIMITS.tag), limit: z.int().min(1).max(50).default(10) }),
  'images.import': ImageImport,
  'images.get': z.object({ id: ImageId }),
  'images.update': z.object({ id: ImageId }).extend(ImageMetaInput.shape),
  'revisions.list': z.object({ draftId: DraftId }),
  'revisions.get': z.object({ id: z.int().positive() }),
  'revisions.restore': z.object({ id: z.int().positive(), expectedVersion: z.int().positive() }),
  'settings.get': z.object({ key: z.string().min(1).max(100) }),
  'settings.set': z.object({ key: z.string().min(1).max(100), value: z.json() }),
  'app.info': z.object({}),
  /** The renderer's answer to `app.flush-requested`: its pending edits are saved. */
  'app.flushed': z.object({ requestId: z.int().nonnegative() }),
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
}

export interface ApiOutputs {
  'drafts.create': Draft;
  'drafts.get': Draft;
  'drafts.list': DraftPage;
  'drafts.counts': StatusCounts;
  'drafts.facets': DraftFacets;
  'drafts.save': SaveOutcome;
  'drafts.setStatus': SaveOutcome;
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
  'settings.get': { key: string; value: unknown };
  'settings.set': { key: string; value: unknown };
  'app.info': AppInfo;
  'app.flushed': { requestId: number };
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
export const SHELL_METHODS = ['app.info', 'app.flushed'] as const satisfies readonly ApiMethod[];
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
  | { type: 'app.flush-requested'; requestId: number };
