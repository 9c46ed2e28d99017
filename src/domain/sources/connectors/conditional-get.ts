import type { SourceCheckpoint } from '../source.model.ts';
import type { HttpClient, HttpResponse } from '../../../infra/http/http-client.ts';
import { SourceFetchError } from './connector.types.ts';

/** GET with If-None-Match / If-Modified-Since from the checkpoint; 304 comes back as `null`. */
export async function conditionalGet(
  http: HttpClient,
  url: string,
  checkpoint: SourceCheckpoint,
  headers: Record<string, string> = {},
): Promise<HttpResponse | null> {
  const conditional: Record<string, string> = { ...headers };
  if (checkpoint.etag) conditional['if-none-match'] = checkpoint.etag;
  if (checkpoint.lastModified) conditional['if-modified-since'] = checkpoint.lastModified;
  const response = await http({ url, headers: conditional });
  if (response.status === 304) return null;
  if (response.status < 200 || response.status >= 300) {
    throw new SourceFetchError(`HTTP ${response.status} from ${new URL(url).host}`);
  }
  return response;
}

export function validatorsOf(response: HttpResponse): Partial<SourceCheckpoint> {
  return {
    ...(response.headers.etag ? { etag: response.headers.etag } : {}),
    ...(response.headers['last-modified'] ? { lastModified: response.headers['last-modified'] } : {}),
  };
}
