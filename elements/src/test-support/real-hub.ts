import { expect } from '@open-wc/testing';
import type * as Bundle from '../bundle.js';

export interface RealHub {
  url: string;
  token: string;
  /** The bundle as the hub serves it at /elements.js, loaded cross-origin. */
  bundle: typeof Bundle;
}

/**
 * The hub the web-test-runner plugin started (its URL and a token from /__hub__.json), on another
 * origin than the test page, and its /elements.js loaded from there.
 */
export async function connectToRealHub(): Promise<RealHub> {
  const hub = (await (await fetch('/__hub__.json')).json()) as { url: string; token: string };
  expect(new URL(hub.url).origin).not.to.equal(location.origin);
  const bundle = (await import(/* @vite-ignore */ `${hub.url}/elements.js`)) as typeof Bundle;
  return { ...hub, bundle };
}
