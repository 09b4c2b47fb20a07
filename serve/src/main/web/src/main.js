import './style.css';
import { listJobs, setToken, Unauthorized } from './api.js';
import { initUploadForm, renderJobs } from './jobs.js';
import { Dashboard } from './dashboard.js';

const $ = (id) => document.getElementById(id);
const dashboard = new Dashboard();
let events = null;

function askForToken() {
  $('token-dialog').hidden = false;
  $('token-input').focus();
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('token-input').value);
  $('token-dialog').hidden = true;
  connect();
});

function showView() {
  const view = location.hash === '#dashboard' ? 'dashboard' : 'jobs';
  $('view-jobs').hidden = view !== 'jobs';
  $('view-dashboard').hidden = view !== 'dashboard';
  $('tab-jobs').classList.toggle('active', view === 'jobs');
  $('tab-dashboard').classList.toggle('active', view === 'dashboard');
  if (view === 'dashboard') dashboard.shown();
}
window.addEventListener('hashchange', showView);

/** One snapshot a second over SSE feeds both the job list and the dashboard. */
async function connect() {
  if (events) events.close();
  try {
    renderJobs((await listJobs()).jobs, askForToken); // also tells whether a token is needed
  } catch (err) {
    if (err instanceof Unauthorized) { askForToken(); return; }
  }
  const status = $('connection');
  events = new EventSource('/api/events');
  events.addEventListener('snapshot', (e) => {
    const snapshot = JSON.parse(e.data);
    status.textContent = 'live';
    status.className = 'connection live';
    renderJobs(snapshot.jobs, askForToken);
    dashboard.update(snapshot);
  });
  events.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'connection'; };
}

initUploadForm(askForToken, () => listJobs().then((r) => renderJobs(r.jobs, askForToken)).catch(() => {}));
showView();
connect();
