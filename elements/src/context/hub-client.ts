import { createContext } from '@lit/context';
import type { HubClient } from '@csghub/client';

/**
 * The hub client shared by nested elements. `Symbol.for` lets two bundled copies of the elements
 * (an npm import and /elements.js) still find each other's provider.
 */
export const hubClientContext = createContext<HubClient | undefined>(Symbol.for('csg.hub-client'));
