/**
 * The names of every API method, without their schemas, so the sandboxed
 * preload can build `window.copydesk` without bundling a validation library.
 * `apiSchema` in api.ts must give each exactly one schema (checked by type).
 */
export const API_METHODS = [
  'drafts.create',
  'drafts.get',
  'drafts.list',
  'drafts.counts',
  'drafts.facets',
  'drafts.save',
  'drafts.setStatus',
  'drafts.trail',
  'drafts.check',
  'drafts.bulkTag',
  'drafts.trash',
  'drafts.restore',
  'drafts.purge',
  'tags.list',
  'tags.suggest',
  'tags.rename',
  'tags.merge',
  'tags.delete',
  'tags.describe',
  'notes.list',
  'notes.add',
  'notes.reply',
  'notes.resolve',
  'profile.get',
  'profile.set',
  'images.import',
  'images.get',
  'images.update',
  'revisions.list',
  'revisions.get',
  'revisions.restore',
  'revisions.rename',
  'settings.get',
  'settings.set',
  'export.markdown',
  'export.html',
  'export.toFolder',
  'export.toFile',
  'export.cancel',
  'import.files',
  'targets.list',
  'targets.add',
  'targets.update',
  'targets.remove',
  'targets.test',
  'publish.preview',
  'publish.run',
  'publish.status',
  'publish.jobs',
  'publish.cancel',
  'app.info',
  'app.flushed',
  'app.chooseFolder',
  'app.chooseFiles',
  'app.chooseSaveFile',
  'app.takeDropped',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

export const EVENT_CHANNEL = 'copydesk:event';
export const INVOKE_CHANNEL_PREFIX = 'copydesk:';
/** The preload's own channel for the paths of files the writer dropped on the window; not part of the contract, so the page cannot send on it. */
export const DROP_CHANNEL = 'copydesk-preload:dropped';

export function splitMethod(method: ApiMethod): [string, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot), method.slice(dot + 1)];
}
