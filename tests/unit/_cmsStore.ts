import { afterAll, beforeAll } from 'vitest';
import type { ApiInput } from '../../src/common/api';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { recordingFetch } from '../support/cms';
import { openTestStore, type TestStore } from '../support/store';

/* Vitest's hooks: kept out of tests/support/cms.ts, which the Playwright specs load too. */

export interface CmsStore {
  store: TestStore;
  recorder: ReturnType<typeof recordingFetch>;
}

/**
 * The test store a CMS's publish tests share: one CMS target, its secret
 * kept in memory, every request the publishes send recorded. Opened before
 * the file's tests and closed after them; never where no CMS was found
 * (`target` null: the file skips).
 */
export function cmsStoreAroundFile(target: { target: ApiInput<'targets.add'>; secret: string } | null): CmsStore {
  const cms = {} as CmsStore;
  beforeAll(async () => {
    if (!target) return;
    cms.recorder = recordingFetch();
    cms.store = await openTestStore({
      publish: { secrets: new MemorySecretStore({ [target.target.name]: target.secret }), fetch: cms.recorder.fetch },
    });
    await cms.store.call('targets.add', target.target);
  });
  afterAll(async () => {
    await cms.store?.close();
  });
  return cms;
}
