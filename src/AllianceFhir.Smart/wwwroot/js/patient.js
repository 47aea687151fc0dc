// The client's page (a patient, or a parent or carer): the questionnaires assigned to them, one at a time in LHC-Forms,
// then what to do now after a self-harm answer. Talks only to /api/portal; unsafe requests carry the antiforgery token.
import { loadLForms } from './lforms.js';

const api = '../api/portal';
let csrfToken = null;

const $ = id => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

async function request(path, options = {}) {
  const headers = { Accept: 'application/json, application/fhir+json', ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  if (options.method && options.method !== 'GET' && csrfToken) headers['X-CSRF-TOKEN'] = csrfToken;
  const response = await fetch(`${api}/${path}`, { credentials: 'same-origin', ...options, headers });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const message = response.status === 401
      ? 'You are signed out. Please open your questionnaires again from the patient portal.'
      : (body && (body.detail ?? body.title)) || 'Something went wrong. Please try again.';
    throw new ApiError(response.status, message, body);
  }
  return body;
}

function say(text) { $('status').textContent = text; }

function show(view) {
  for (const id of ['list-view', 'form-view', 'done-view']) $(id).hidden = id !== view;
}

function formatDate(iso) {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}

async function loadList(context) {
  const assigned = await request('questionnaires');
  const list = $('assigned');
  list.replaceChildren();
  for (const a of assigned) {
    const button = el('button', { type: 'button', class: 'open-questionnaire', 'data-task': a.taskId },
      el('span', { text: a.title }),
      a.dueBy ? el('span', { class: 'due', text: `Please fill in by ${formatDate(a.dueBy)}` }) : '');
    button.addEventListener('click', () => openForm(context, a));
    list.append(el('li', {}, button));
  }
  $('list-empty').hidden = assigned.length > 0;
  say(assigned.length === 0 ? '' : `${assigned.length} questionnaire${assigned.length === 1 ? '' : 's'} to fill in.`);
  show('list-view');
  if (context.showScores) loadScores().catch(() => { $('scores-view').hidden = true; });
  return assigned;
}

async function loadScores() {
  const scores = await request('scores');
  $('scores').replaceChildren(...scores.map(s => el('li', { text: s.text })));
  $('scores-view').hidden = scores.length === 0;
}

async function openForm(context, assignment) {
  say(`Opening ${assignment.title}…`);
  $('form-error').hidden = true;
  const questionnaire = await request(`questionnaires/${encodeURIComponent(assignment.taskId)}/form`);
  $('form-heading').textContent = assignment.title;
  const host = $('lhc-form');
  host.replaceChildren();
  show('form-view');
  $('scores-view').hidden = true;
  // Answers without their score values beside them: the client answers, the care team scores.
  const form = window.LForms.Util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
  form.templateOptions = { ...(form.templateOptions ?? {}), displayScoreWithAnswerText: false };
  await window.LForms.Util.addFormToPage(form, host, { prepopulate: false });
  say('');
  $('form-heading').focus();
  const submit = $('submit-form');
  submit.disabled = false;
  submit.onclick = () => send(context, assignment, host, submit);
}

async function send(context, assignment, host, submit) {
  submit.disabled = true;
  say('Sending your answers…');
  const response = window.LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', host);
  try {
    const saved = await request(`questionnaires/${encodeURIComponent(assignment.taskId)}/response`, { method: 'POST', body: JSON.stringify(response) });
    showDone(context, saved);
  } catch (e) {
    submit.disabled = false;
    say('');
    if (e instanceof ApiError && e.body && e.body.safety) {
      showSafety(e.body.safety);
      $('safety').hidden = false;
    }
    const box = $('form-error');
    box.textContent = `Your answers were not sent. ${e.message}`;
    box.hidden = false;
    box.focus?.();
  }
}

function showSafety(safety) {
  const box = $('safety');
  const parts = [el('h2', { id: 'safety-heading', text: 'What to do now' }), el('p', { id: 'safety-message', text: safety.message })];
  if (!safety.careTeamTold && safety.notToldMessage) parts.push(el('p', { id: 'safety-not-told', text: safety.notToldMessage }));
  if (safety.contacts.length > 0) {
    const list = el('ul', { class: 'contacts', id: 'safety-contacts' });
    for (const c of safety.contacts) {
      // The link's text names where it goes (WCAG 2.4.4): the contact's name, or "Call" and the number.
      const item = el('li', {}, c.url ? el('a', { href: c.url, text: c.name, rel: 'noopener' }) : el('span', { text: c.name }));
      if (c.phone) item.append(' ', el('a', { href: `tel:${c.phone.replace(/[^0-9+]/g, '')}`, text: `Call ${c.phone}` }));
      if (c.hours) item.append(el('span', { text: ` (${c.hours})` }));
      list.append(item);
    }
    parts.push(list);
  }
  box.replaceChildren(...parts);
}

function showDone(context, saved) {
  $('lhc-form').replaceChildren();
  $('safety').hidden = !saved.safety;
  if (saved.safety) showSafety(saved.safety);
  $('done-text').textContent = `Your answers to ${saved.instrumentTitle} have been sent to your care team.`;
  const scores = $('done-scores');
  scores.replaceChildren(...(saved.scores ?? []).map(s => el('p', { text: s.text })));
  scores.hidden = !(saved.scores && saved.scores.length);
  show('done-view');
  say('Your answers have been sent.');
  (saved.safety ? $('safety-heading') : $('done-heading')).setAttribute('tabindex', '-1');
  (saved.safety ? $('safety-heading') : $('done-heading')).focus();
}

async function start() {
  let context;
  try {
    context = await request('context');
  } catch (e) {
    say(e.message);
    return;
  }
  csrfToken = context.csrfToken;
  const signout = $('signout');
  signout.querySelector('input[name="__RequestVerificationToken"]').value = csrfToken ?? '';
  signout.hidden = false;
  const name = context.patientName ? context.patientName.split(' ')[0] : null;
  const title = context.isCaregiver ? (name ? `Questionnaires about ${name}` : 'Questionnaires about the young person') : 'Your questionnaires';
  $('title').textContent = title;
  document.title = title;
  const back = async () => {
    try { await loadList(context); $('list-heading').focus?.(); } catch (e) { say(e.message); }
  };
  $('back-to-list').addEventListener('click', back);
  $('done-back').addEventListener('click', back);
  try {
    await loadList(context);
  } catch (e) {
    say(e.message);
  }
}

// LHC-Forms first: the list leads straight to a form.
loadLForms().then(start, e => say(e.message));

