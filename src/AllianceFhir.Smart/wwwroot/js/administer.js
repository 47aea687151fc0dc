import { getJson, postJson, patientUrl, ApiError } from './api.js';
import { el } from './charts.js';
import { loadLForms } from './lforms.js';

// Giving a questionnaire with LHC-Forms. "Hand the device to the patient" shows only the form until it is submitted,
// then asks for the device back before the clinician sees the scores.
export async function setUpAdminister(context, container) {
  const instruments = await getJson('api/instruments');
  const select = el('select', { id: 'instrument' });
  for (const i of instruments) select.append(el('option', { value: i.id, text: `${i.title}${i.placeholderText ? ' (placeholder wording: no licensed text loaded)' : ''}` }));
  const patientMode = el('input', { type: 'checkbox', id: 'patient-mode' });
  const start = el('button', { type: 'button', class: 'primary', id: 'start-form', text: 'Open the questionnaire' });
  const controls = el('div', { class: 'clinician-controls' },
    el('div', { class: 'field' }, el('label', { for: 'instrument', text: 'Questionnaire' }), select),
    el('div', { class: 'field' }, patientMode, el('label', { for: 'patient-mode', text: 'Hand the device to the patient (only the form is shown until it is submitted)' })),
    el('div', { class: 'field' }, start));
  const formArea = el('div', { id: 'form-area' });
  const result = el('div', { id: 'result', tabindex: '-1' });
  container.replaceChildren(controls, formArea, result);

  start.addEventListener('click', async () => {
    result.replaceChildren();
    const instrument = instruments.find(i => i.id === select.value);
    start.disabled = true;
    try {
      const questionnaire = await getJson(`api/instruments/${encodeURIComponent(instrument.id)}/questionnaire`);
      const submissionKey = crypto.randomUUID();
      const formHost = el('div', { id: 'lhc-form' });
      const submit = el('button', { type: 'button', class: 'primary', id: 'submit-form', text: 'Submit' });
      const cancel = el('button', { type: 'button', class: 'clinician-controls', text: 'Cancel' });
      const heading = el('h2', { text: instrument.title, tabindex: '-1' });
      formArea.replaceChildren(heading, formHost, el('div', { class: 'actions' }, submit, cancel));
      if (patientMode.checked) document.body.classList.add('patient-mode');
      await (await loadLForms()).Util.addFormToPage(questionnaire, formHost, { prepopulate: false });
      heading.focus();
      cancel.addEventListener('click', () => { formArea.replaceChildren(); document.body.classList.remove('patient-mode'); });
      submit.addEventListener('click', async () => {
        submit.disabled = true;
        const response = window.LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', formHost);
        try {
          const saved = await postJson(patientUrl(context, `responses?instrument=${encodeURIComponent(instrument.id)}`), response, { 'Idempotency-Key': submissionKey });
          const show = () => { formArea.replaceChildren(); showResult(result, saved); document.dispatchEvent(new CustomEvent('response-saved')); };
          if (document.body.classList.contains('patient-mode')) handBack(formArea, show); else show();
        } catch (e) {
          submit.disabled = false;
          result.replaceChildren(el('div', { class: 'error-box', role: 'alert' }, el('h3', { text: 'The questionnaire was not saved' }),
            el('p', { text: e instanceof ApiError ? e.message : String(e) })));
          // Refused, but item 9 was answered above 0: the next steps still show (docs/adr/0001).
          const steps = e instanceof ApiError ? (e.body?.issue ?? []).find(i => i.details?.text === 'safety-next-steps') : null;
          if (steps) result.prepend(el('div', { class: 'safety-box', role: 'alert', id: 'safety-next-steps' }, el('h3', { text: 'Next steps: safety' }), el('p', { text: steps.diagnostics })));
        }
      });
    } catch (e) {
      result.replaceChildren(el('div', { class: 'error-box', role: 'alert' }, el('p', { text: `Could not open the questionnaire: ${e.message}` })));
      document.body.classList.remove('patient-mode');
    } finally {
      start.disabled = false;
    }
  });
}

function handBack(formArea, show) {
  const back = el('button', { type: 'button', class: 'primary', id: 'clinician-back', text: 'I am the clinician: continue' });
  const box = el('div', { class: 'handover' }, el('p', { text: 'Thank you, your answers have been saved.' }),
    el('p', { text: 'Please hand the device back to your clinician.' }), back);
  formArea.replaceChildren(box);
  back.focus();
  back.addEventListener('click', () => { document.body.classList.remove('patient-mode'); show(); });
}

function showResult(result, saved) {
  const list = el('ul');
  for (const s of saved.scores) list.append(el('li', { text: `${s.scale === 'total' ? 'Total' : s.scale}: ${s.value}${s.band ? ` (${s.band})` : ''}${s.prorated ? ', prorated for a missing item' : ''}` }));
  const parts = [el('div', { class: 'result-box' }, el('h3', { text: `${saved.instrumentTitle} saved${saved.alreadySubmitted ? ' (it had already been saved)' : ''}` }), list)];
  if (saved.scoresWritten === false) {
    parts.push(el('div', { class: 'error-box', id: 'scores-not-written' }, el('h3', { text: 'The scores are not in the record' }),
      el('p', { text: `The answers were saved, but the EHR did not accept the score: ${saved.scoresNotWrittenReason ?? 'no reason given'}.` })));
  }
  if (saved.safety) {
    const box = el('div', { class: 'safety-box', role: 'alert', id: 'safety-next-steps' }, el('h3', { text: 'Next steps: safety' }), el('p', { text: saved.safety.message }));
    if (saved.safety.alertWritten === false) {
      // The alert the team relies on is missing: say it plainly, inside the same box, never only in a console.
      box.append(el('div', { class: 'alert-not-written', id: 'safety-alert-not-written' },
        el('h4', { text: 'The safety alert could not be added to the record' }),
        el('p', { text: saved.safety.alertNotWrittenAdvice }),
        el('p', { class: 'reason', text: `Why: ${saved.safety.alertNotWrittenReason}.` })));
    }
    parts.unshift(box);
  }
  result.replaceChildren(...parts);
  result.focus();
}
