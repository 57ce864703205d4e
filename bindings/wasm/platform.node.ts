import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Platform } from './source.js';
import { compileBytes, compileResponse } from './source.js';

/** Node: file: URLs are read from disk, http(s) URLs fetched. */
export const nodePlatform: Platform = {
  async compileUrl(url: URL): Promise<WebAssembly.Module> {
    if (url.protocol === 'file:') return compileBytes(await readFile(url), url.href);
    return compileResponse(fetch(url));
  },
};

/** Relative paths given by Node users resolve against the working directory. */
export function nodeBaseUrl(): string {
  return pathToFileURL(process.cwd() + '/').href;
}
