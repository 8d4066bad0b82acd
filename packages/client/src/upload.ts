// Upload with progress in browsers: fetch() reports no upload progress, XMLHttpRequest does.

export interface RawAnswer {
  status: number;
  statusText: string;
  text: string;
}

/** The part of XMLHttpRequest an upload uses (a test can pass a stand-in). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  abort(): void;
  status: number;
  statusText: string;
  responseText: string;
}

export type XhrConstructor = new () => XhrLike;

/** The browser's XMLHttpRequest, or undefined in Node (where uploads stream through fetch instead). */
export function defaultXhr(): XhrConstructor | undefined {
  return (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
}

/** POSTs `body`, calling `onProgress` with the fraction sent (0–1); resolves with the raw answer. */
export function xhrPost(
  Xhr: XhrConstructor,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    // Same failure fetch() would give, so callers treat both transports alike.
    xhr.onerror = () => reject(new TypeError('Failed to upload: network error'));
    xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
    xhr.onload = () => {
      onProgress(1);
      resolve({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText });
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
