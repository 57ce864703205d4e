import type { Platform } from './source.js';
import { compileResponse } from './source.js';

/** Browsers: fetch + compileStreaming. */
export const browserPlatform: Platform = {
  compileUrl(url: URL): Promise<WebAssembly.Module> {
    return compileResponse(fetch(url));
  },
};

export function browserBaseUrl(): string | undefined {
  return typeof location === 'undefined' ? undefined : location.href;
}
