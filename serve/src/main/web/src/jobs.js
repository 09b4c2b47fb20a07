import { cancelJob, submitUrl, upload, Unauthorized } from './api.js';
import { duration, number } from './format.js';

const $ = (id) => document.getElementById(id);
const rows = new Map();

/** The upload form: drag and drop or file picker, or a live source URL, with rate and quality. */
export function initUploadForm(onUnauthorized, onSubmitted) {
  const zone = $('drop-zone');
  const input = $('file-input');
  const message = $('upload-message');
  let dropped = null;

  const showFile = (file) => { $('drop-text').textContent = file ? `${file.name} (${number(file.size / 1e6)} MB)` : 'Drop a video here, or click to choose one'; };
  input.addEventListener('change', () => { dropped = null; showFile(input.files[0]); });
  for (const type of ['dragenter', 'dragover']) zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add('over'); });
  for (const type of ['dragleave', 'drop']) zone.addEventListener(type, () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length) { dropped = e.dataTransfer.files[0]; showFile(dropped); }
  });

  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = dropped || input.files[0];
    const source = $('source-url').value.trim();
    if (!file && !source) { message.textContent = 'Choose a video file or give a source URL.'; return; }
    const fields = options();
    const bar = $('upload-progress');
    $('submit').disabled = true;
    message.className = 'message';
    message.textContent = file ? `Uploading ${file.name}…` : `Opening ${source}…`;
    try {
      let job;
      if (file) {
        bar.hidden = false;
        job = await upload(file, fields, (f) => { bar.firstElementChild.style.width = `${(f * 100).toFixed(1)}%`; });
      } else {
        job = await submitUrl({ ...fields, source });
      }
      message.textContent = `Queued ${job.name} as job ${job.id}.`;
      input.value = ''; dropped = null; showFile(null); $('source-url').value = '';
      onSubmitted(job);
    } catch (err) {
      if (err instanceof Unauthorized) onUnauthorized();
      message.className = 'message error';
      message.textContent = err.message;
    } finally {
      $('submit').disabled = false;
      bar.hidden = true;
      bar.firstElementChild.style.width = '0';
    }
  });
}

function options() {
  const [rateKind, rateValue] = $('rate').value.split(':');
  const quality = $('quality').value;
  const fields = { steps: $('steps').value };
  fields[rateKind] = rateValue;
  if (quality === 'lossless') fields.lossless = 'true';
  else fields.crf = quality.split(':')[1];
  return fields;
}

/** Updates the job table in place, so that a playing comparison or a focused button is kept. */
export function renderJobs(jobs, onUnauthorized) {
  const body = document.querySelector('#jobs tbody');
  $('no-jobs').hidden = jobs.length > 0;
  const seen = new Set();
  for (const job of jobs) {
    seen.add(job.id);
    let row = rows.get(job.id);
    if (!row) {
      row = createRow(job, onUnauthorized);
      rows.set(job.id, row);
    }
    body.appendChild(row); // keeps the server's order (newest first)
    updateRow(row, job);
  }
  for (const [id, row] of rows) if (!seen.has(id)) { row.remove(); rows.delete(id); }
}

function createRow(job, onUnauthorized) {
  const row = document.createElement('tr');
  row.dataset.job = job.id;
  row.innerHTML = `
    <td class="name"><span></span><small></small></td>
    <td><span class="state"></span></td>
    <td class="wide"><div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"><div></div></div><small class="error"></small></td>
    <td class="frames"></td><td class="fps"></td><td class="eta"></td>
    <td class="actions"><a class="download">Download</a><button type="button" class="compare-button">Compare</button><button type="button" class="live-button">Watch</button><button type="button" class="cancel">Cancel</button></td>`;
  row.querySelector('.cancel').addEventListener('click', async () => {
    try { await cancelJob(job.id); } catch (err) { if (err instanceof Unauthorized) onUnauthorized(); else alert(err.message); }
  });
  row.querySelector('.compare-button').addEventListener('click', () => compare(row.job));
  row.querySelector('.live-button').addEventListener('click', () => watch(row.job));
  return row;
}

function updateRow(row, job) {
  row.job = job;
  row.dataset.state = job.state;
  row.querySelector('.name span').textContent = job.name;
  const live = job.live && job.state === 'running'
    ? ` · ${job.live.level ?? 'live'}${job.live.lagSeconds != null ? `, ${job.live.lagSeconds.toFixed(1)} s behind` : ''}${job.live.gaps ? `, ${job.live.gaps} gaps` : ''}` : '';
  row.querySelector('.name small').textContent = `${job.rate}${job.outputFps ? ` → ${job.outputFps} fps` : ''}${job.source ? ` · ${job.source.width}×${job.source.height}` : ''}${live}`;
  const state = row.querySelector('.state');
  state.textContent = job.state;
  state.className = `state ${job.state}`;
  const percent = job.progress === null ? 0 : Math.round(job.progress * 1000) / 10;
  const bar = row.querySelector('.bar');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.className = `bar ${job.state}`;
  bar.firstElementChild.style.width = `${percent}%`;
  row.querySelector('.error').textContent = job.error || '';
  row.querySelector('.frames').textContent = `${job.framesDone}${job.framesTotal ? ` / ${job.framesTotal}` : ''}`;
  row.querySelector('.fps').textContent = job.state === 'running' ? number(job.fps) : '–';
  row.querySelector('.eta').textContent = job.state === 'running' ? duration(job.etaSeconds) : '–';
  const download = row.querySelector('.download');
  download.hidden = !job.links.output;
  if (job.links.output) { download.href = job.links.output; download.setAttribute('download', ''); }
  row.querySelector('.compare-button').hidden = !job.links.output;
  row.querySelector('.live-button').hidden = !job.links.live;
  const cancel = row.querySelector('.cancel');
  cancel.textContent = job.links.live && job.state === 'running' ? 'Stop'
    : ['queued', 'running', 'stopping'].includes(job.state) ? 'Cancel' : 'Delete';
}

let liveStream = null;

/** Plays a live job's HLS output as it is written (hls.js where the browser has no HLS of its own), and after. */
async function watch(job) {
  const { default: Hls } = await import('hls.js/light'); // on the first Watch only: the page stays small
  const panel = $('compare');
  const before = $('before');
  const after = $('after');
  panel.hidden = false;
  $('compare-title').textContent = `${job.state === 'running' ? 'Live' : 'Recorded live'}: ${job.name}`;
  $('compare-note').textContent = `${job.outputFps ? `${job.outputFps} fps, ` : ''}HLS playlist ${job.links.live}`;
  before.pause();
  before.removeAttribute('src');
  before.load(); // drops the frame a comparison left on it
  before.closest('figure').hidden = true; // a stream's source is not kept: the result plays alone
  if (liveStream) { liveStream.destroy(); liveStream = null; }
  after.ontimeupdate = null;
  after.onseeked = null;
  if (Hls.isSupported()) {
    liveStream = new Hls({ liveSyncDurationCount: 2 });
    liveStream.loadSource(job.links.live);
    liveStream.attachMedia(after);
  } else {
    after.src = job.links.live; // Safari plays HLS itself
  }
  after.play().catch(() => {});
  $('compare-play').textContent = 'Pause';
  $('compare-play').onclick = () => {
    if (after.paused) { after.play(); $('compare-play').textContent = 'Pause'; } else { after.pause(); $('compare-play').textContent = 'Play'; }
  };
  $('compare-close').onclick = () => { after.pause(); if (liveStream) { liveStream.destroy(); liveStream = null; } panel.hidden = true; };
  panel.scrollIntoView({ behavior: 'smooth' });
}

/** Plays the source and the result side by side, started and sought together. */
function compare(job) {
  if (liveStream) { liveStream.destroy(); liveStream = null; }
  $('before').closest('figure').hidden = false;
  const panel = $('compare');
  const before = $('before');
  const after = $('after');
  panel.hidden = false;
  $('compare-title').textContent = `Before / after: ${job.name}`;
  $('compare-note').textContent = job.source ? `${job.source.fps} fps → ${job.outputFps} fps` : '';
  after.src = job.links.output;
  if (job.links.source) {
    before.src = job.links.source;
    before.onerror = () => { $('compare-note').textContent = 'This browser cannot play the source format; the result plays alone.'; };
  } else {
    before.removeAttribute('src');
    $('compare-note').textContent = 'The source was a live stream: only the result can be played.';
  }
  const sync = () => { if (Math.abs(before.currentTime - after.currentTime) > 0.1) before.currentTime = after.currentTime; };
  after.ontimeupdate = sync;
  after.onseeked = sync;
  $('compare-play').onclick = () => {
    if (after.paused) { before.currentTime = after.currentTime; before.play().catch(() => {}); after.play(); $('compare-play').textContent = 'Pause'; }
    else { before.pause(); after.pause(); $('compare-play').textContent = 'Play both'; }
  };
  after.onended = () => { before.pause(); $('compare-play').textContent = 'Play both'; };
  $('compare-close').onclick = () => { before.pause(); after.pause(); panel.hidden = true; };
  panel.scrollIntoView({ behavior: 'smooth' });
}
