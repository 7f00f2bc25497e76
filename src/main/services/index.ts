import type { ServiceHandlers } from '../../common/api';
import type { StoreContext } from './context';
import { countDrafts, createDraft, draftFacets, getDraft, listDrafts, purgeDraft, restoreDraft, saveDraft, setDraftStatus, trashDraft } from './drafts';
import { getImage, importImage, updateImage } from './images';
import { getRevision, listRevisions, restoreRevision } from './revisions';
import { getSetting, setSetting } from './settings';
import { listTags, suggestTags } from './tags';

/** Binds every service method of the API contract to its implementation. */
export function createHandlers(ctx: StoreContext): ServiceHandlers {
  return {
    'drafts.create': (input) => createDraft(ctx, input),
    'drafts.get': ({ id }) => getDraft(ctx, id),
    'drafts.list': (input) => listDrafts(ctx, input),
    'drafts.counts': () => countDrafts(ctx),
    'drafts.facets': () => draftFacets(ctx),
    'drafts.save': (input) => saveDraft(ctx, input),
    'drafts.setStatus': (input) => setDraftStatus(ctx, input),
    'drafts.trash': ({ id }) => trashDraft(ctx, id),
    'drafts.restore': ({ id }) => restoreDraft(ctx, id),
    'drafts.purge': ({ id }) => purgeDraft(ctx, id),
    'tags.list': () => listTags(ctx),
    'tags.suggest': ({ prefix, limit }) => suggestTags(ctx, prefix, limit),
    'images.import': (input) => importImage(ctx, input),
    'images.get': ({ id }) => getImage(ctx, id),
    'images.update': (input) => updateImage(ctx, input),
    'revisions.list': ({ draftId }) => listRevisions(ctx, draftId),
    'revisions.get': ({ id }) => getRevision(ctx.db, id),
    'revisions.restore': ({ id, expectedVersion }) => restoreRevision(ctx, id, expectedVersion),
    'settings.get': ({ key }) => getSetting(ctx, key),
    'settings.set': ({ key, value }) => setSetting(ctx, key, value),
  };
}
