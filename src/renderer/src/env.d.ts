import type { CopydeskClient } from '../../common/api';

declare global {
  interface Window {
    /** Built by the preload (or a test harness) from the API contract; the renderer's only way out. */
    copydesk: CopydeskClient;
  }
}
