import type { AppEvent, ServiceHandlers } from '../common/api';
import { checkSettingsFrom } from '../common/check';
import type { DeskLink } from './desk/link';
import { deskPublishJobs, deskTargets, publishFromDesk } from './desk/deskPublish';
import { askDesk } from './desk/follow';
import { decodeBytes } from '../common/desk/live';
import { deskStatus, joinDesk, listDesk, shareDraft, syncDesk, takeDeskPiece, unshareDraft } from './desk/service';
import { exportToFile, renderDraft } from './export/exportDrafts';
import { ExportJobs } from './export/exportJobs';
import type { Grants } from './grants';
import { importFiles } from './import/importFiles';
import type { Outbox } from './publish/outbox';
import type { SecretStore } from './publish/secrets';
import { publishHandlers } from './publish/service';
import type { StoreContext } from './services/context';
import {
  countDrafts,
  createDraft,
  draftFacets,
  getDraft,
  listDrafts,
  openDraft,
  purgeDraft,
  restoreDraft,
  saveDraft,
  trashDraft,
  withoutBody,
} from './services/drafts';
import { getImage, importImage, updateImage } from './services/images';
import { addNote, listNotes, replyToNote, resolveNote } from './services/notes';
import type { ProfileHolder } from './services/profile';
import { getRevision, listRevisions, renameRevision, restoreRevision } from './services/revisions';
import { getSetting, setSetting } from './services/settings';
import { getWordGoal, setWordGoal } from './services/wordGoals';
import { bulkTag, deleteTag, describeTag, listTags, mergeTags, renameTag, suggestTags } from './services/tags';
import { checkPiece, setDraftStatus, statusTrail } from './services/workflow';

/**
 * Binds every service method of the API contract to its implementation. It
 * sits above services/, export/, import/ and publish/ because it uses them
 * all; none of them imports it (ESLint keeps it so).
 */
export function createHandlers(
  ctx: StoreContext,
  profile: ProfileHolder,
  publish: { outbox: Outbox; secrets: SecretStore },
  grants: Grants,
  desk: DeskLink,
  emit: (event: AppEvent) => void = () => undefined,
): ServiceHandlers {
  const exports = new ExportJobs(ctx, emit);
  return {
    ...publishHandlers(ctx, publish.outbox, publish.secrets),
    'drafts.create': (input) => createDraft(ctx, input),
    'drafts.get': ({ id }) => getDraft(ctx, id),
    'drafts.open': ({ id }) => openDraft(ctx, id),
    'drafts.list': (input) => listDrafts(ctx, input),
    'drafts.counts': () => countDrafts(ctx),
    'drafts.facets': ({ authors }) => draftFacets(ctx, { authors }),
    'drafts.save': (input) => saveDraft(ctx, input),
    'drafts.saveFromEditor': async (input) => withoutBody(await saveDraft(ctx, input)),
    'drafts.setStatus': (input) => setDraftStatus(ctx, input),
    'drafts.trail': ({ id }) => statusTrail(ctx, id),
    'drafts.check': ({ id }) => checkPiece(ctx, id),
    'drafts.bulkTag': (input) => bulkTag(ctx, input),
    'drafts.trash': ({ id }) => trashDraft(ctx, id),
    'drafts.restore': ({ id }) => restoreDraft(ctx, id),
    'drafts.purge': ({ id }) => purgeDraft(ctx, id),
    'drafts.wordGoal': ({ id }) => getWordGoal(ctx, id),
    'drafts.setWordGoal': (input) => setWordGoal(ctx, input),
    'tags.list': () => listTags(ctx),
    'tags.suggest': ({ prefix, limit }) => suggestTags(ctx, prefix, limit),
    'tags.rename': ({ name, to }) => renameTag(ctx, name, to),
    'tags.merge': ({ from, into }) => mergeTags(ctx, from, into),
    'tags.delete': ({ name }) => deleteTag(ctx, name),
    'tags.describe': ({ name, description }) => describeTag(ctx, name, description),
    'notes.list': ({ draftId }) => listNotes(ctx, draftId),
    'notes.add': (input) => addNote(ctx, input),
    'notes.reply': (input) => replyToNote(ctx, input),
    'notes.resolve': (input) => resolveNote(ctx, input),
    'profile.get': async () => profile.get(),
    'profile.set': (input) => ctx.db.transaction((tx) => profile.set(tx, input)),
    'images.import': (input) =>
      importImage(
        ctx,
        'file' in input ? { ...withoutKey(input, 'file'), path: grants.file(input.file, 'open-files') } : input,
      ),
    'images.get': ({ id }) => getImage(ctx, id),
    'images.update': (input) => updateImage(ctx, input),
    'revisions.list': ({ draftId }) => listRevisions(ctx, draftId),
    'revisions.get': ({ id }) => getRevision(ctx.db, id),
    'revisions.restore': ({ id, expectedVersion }) => restoreRevision(ctx, id, expectedVersion),
    'revisions.rename': ({ id, name }) => renameRevision(ctx, id, name),
    'settings.get': ({ key }) => getSetting(ctx, key),
    'settings.set': ({ key, value }) => setSetting(ctx, key, value),
    'export.markdown': ({ id, figureStyle }) => renderDraft(ctx, id, 'md', figureStyle ? { figureStyle } : {}),
    'export.html': ({ id, document }) => renderDraft(ctx, id, 'html', { htmlDocument: document }),
    'export.toFolder': (input) => exports.run({ ...withoutKey(input, 'folder'), dir: grants.folder(input.folder) }),
    'export.cancel': async ({ jobId }) => exports.cancel(jobId),
    'export.toFile': ({ id, file, format, figureStyle }) =>
      exportToFile(ctx, { id, path: grants.file(file, 'save-file'), format, figureStyle }),
    'desk.status': async () => deskStatus(ctx, desk.deps, desk.live, await desk.present()),
    'desk.join': async ({ url, token }) => {
      const joined = await joinDesk(ctx, desk.deps, url, token);
      await desk.restart();
      return joined;
    },
    'desk.share': async ({ draftId }) => {
      const shared = await shareDraft(ctx, draftId, desk.live);
      await desk.reshow();
      return shared;
    },
    'desk.unshare': ({ draftId }) => unshareDraft(ctx, draftId, desk.live),
    'desk.sync': async () => {
      const report = await syncDesk(ctx, desk.deps, desk.live);
      // A sync is also when waiting decisions go and the desk's board is heard again.
      await desk.catchUp();
      return report;
    },
    'desk.list': async () => listDesk(ctx, desk.deps, desk.live, await desk.present()),
    'desk.presence': async ({ draftId }) => {
      await desk.showOpen(draftId);
      return {};
    },
    'desk.liveOpen': ({ draftId, stateVector }) =>
      desk.window.open(draftId, stateVector === undefined ? undefined : decodeBytes(stateVector)),
    'desk.liveUpdate': async ({ document, update }) => {
      await desk.window.update(document, decodeBytes(update));
      return {};
    },
    'desk.liveAwareness': async ({ document, state }) => {
      await desk.window.awareness(document, state);
      return {};
    },
    'desk.liveClose': ({ document }) => {
      desk.window.close(document);
      return Promise.resolve({});
    },
    'desk.take': ({ document }) => takeDeskPiece(ctx, desk.deps, document, desk.live),
    'desk.request': (input) => desk.requests.ask(input),
    // Reading the board (on each desk.changed, and every few seconds while it shows) is also when a request the
    // desk could not take a moment ago (busy: 429, failing: 5xx) goes again, not only at the next reconnection.
    'desk.board': () => desk.requests.board(),
    'desk.boardView': async (query) => {
      desk.hearBehind();
      return desk.follower.view(query, await desk.requests.queued());
    },
    'desk.dismiss': ({ requestId }) => desk.requests.dismiss(requestId),
    'desk.notifications': () => desk.follower.notifications(),
    'desk.readNotifications': ({ ids }) => desk.follower.readNotifications(ids),
    'desk.targets': () => deskTargets(ctx, desk.work),
    'desk.publish': (input) => publishFromDesk(ctx, desk.work, input),
    'desk.publishJobs': ({ draftId }) => deskPublishJobs(ctx, desk.work, draftId),
    'desk.saveCheckSettings': async (settings) => {
      const saved = await askDesk(ctx, desk.work, (api) => api.saveCheckSettings(checkSettingsFrom(settings)));
      await setSetting(ctx, 'check', saved);
      return saved;
    },
    'desk.vocabulary': (change) => askDesk(ctx, desk.work, (api) => api.vocabulary(change)),
    // Every grant is checked before the first file is read.
    'import.files': ({ files }) =>
      importFiles(
        ctx,
        files.map((grant) => grants.file(grant, 'open-files')),
      ),
  };
}

function withoutKey<T extends object, K extends keyof T>(input: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = input;
  return rest;
}
