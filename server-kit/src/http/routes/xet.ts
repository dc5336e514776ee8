import { HubError } from '../../errors.js';
import type { HubRouter } from '../state.js';
import { PLURAL_TO_TYPE } from '../urls.js';

/**
 * This hub speaks plain Git LFS and never advertises Xet. Clients that ask for a Xet token anyway
 * (huggingface_hub >= 1.20 with hf_xet installed) get a 404 with an error code and a message that
 * says what to do, instead of an anonymous "Not found".
 */
export function registerXetRoutes(router: HubRouter): void {
  for (const plural of Object.keys(PLURAL_TO_TYPE)) {
    for (const kind of ['read', 'write']) {
      router.get(`/api/${plural}/:namespace/:name/xet-${kind}-token/*rest`, () => {
        throw new HubError(404, 'This hub does not support Xet storage; it stores large files with Git LFS. Set HF_HUB_DISABLE_XET=1.', { code: 'XetNotEnabled' });
      });
    }
  }
}
