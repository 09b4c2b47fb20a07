// Calls to the Inbetween HTTP API. With an API token, the page keeps it in a SameSite=Strict
// cookie, which the server accepts like the bearer header: <video>, download links and the
// EventSource cannot send headers, but they do send same-site cookies.

const TOKEN_COOKIE = 'inbetween_token';

export class Unauthorized extends Error {}

export function setToken(token) {
  document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
}

async function check(response) {
  if (response.status === 401) throw new Unauthorized('this server needs an API token');
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response.status === 204 ? null : response.json();
}

export async function listJobs() {
  return check(await fetch('/api/jobs', { credentials: 'same-origin' }));
}

export async function cancelJob(id) {
  return check(await fetch(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE', credentials: 'same-origin' }));
}

export async function submitUrl(fields) {
  return check(await fetch('/api/jobs', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields),
  }));
}

/** Multipart upload through XHR, which (unlike fetch) reports upload progress. */
export function upload(file, fields, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/jobs');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new Error('the upload failed: connection lost'));
    xhr.onload = () => {
      if (xhr.status === 401) return reject(new Unauthorized('this server needs an API token'));
      if (xhr.status === 202) return resolve(xhr.response);
      reject(new Error((xhr.response && xhr.response.error) || `upload refused: HTTP ${xhr.status}`));
    };
    xhr.send(form);
  });
}
