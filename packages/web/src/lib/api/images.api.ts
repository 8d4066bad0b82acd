// Image registry endpoints: list, register a host path, import from a URL, upload a file, volumes, delete.
import { authHeaders, redirectToSignIn } from '../auth-token';
import { networkError, toApiError } from './api-error';
import { apiUrl, http } from './http';
import type { CreateVolumeReq, Image, ImageKind, ImportImageReq, Items, Ok } from './types';

function only<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

export interface UploadImageReq {
  kind: ImageKind;
  name: string;
  file: Blob;
  project?: string;
}

/** Uploads through XMLHttpRequest because fetch() reports no upload progress. */
function upload(req: UploadImageReq, onProgress?: (fraction: number) => void): Promise<{ id: string }> {
  const query = new URLSearchParams(
    only({ kind: req.kind, name: req.name, project: req.project }) as Record<string, string>,
  );
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/images/upload?${query}`));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: keep the text for the error message.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as { id: string });
      else {
        if (xhr.status === 401) redirectToSignIn();
        reject(toApiError(xhr.status, body, xhr.statusText));
      }
    };
    xhr.send(req.file);
  });
}

export const imagesApi = {
  list: async (kind?: ImageKind) =>
    (await http.get<Items<Image>>(kind ? `/images?kind=${encodeURIComponent(kind)}` : '/images')).items,
  /** A host path is registered in place; a URL is downloaded by the manager in the background. */
  importImage: (req: ImportImageReq) =>
    req.url
      ? http.post<{ id: string }>(
          '/images/import',
          only({ kind: req.type, name: req.name, url: req.url, sha256: req.sha256, project: req.project }),
        )
      : http.post<{ id: string }>(
          '/images',
          only({
            kind: req.type,
            name: req.name,
            host_path: req.path,
            sha256: req.sha256,
            project: req.project,
          }),
        ),
  upload,
  createVolume: (req: CreateVolumeReq) => http.post<{ id: string }>('/images/volumes', only(req)),
  remove: (id: string) => http.del<Ok>(`/images/${encodeURIComponent(id)}`),
};
