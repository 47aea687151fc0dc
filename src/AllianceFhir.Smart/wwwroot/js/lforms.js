// LHC-Forms (served from lib/lforms), loaded once and in order the first time a form is shown: the clinician's app and
// the patient's pages share this one list, and the dashboard opens without waiting for it.
const scripts = ['webcomponent/assets/lib/zone.min.js', 'webcomponent/runtime.js', 'webcomponent/polyfills.js', 'webcomponent/main.js', 'fhir/R4/lformsFHIR.min.js'];
const base = new URL('../lib/lforms/', import.meta.url);
let loading;

function script(path) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL(path, base).href;
    tag.onload = resolve;
    tag.onerror = () => reject(new Error(`The form library did not load (${path}); reload the page.`));
    document.head.append(tag);
  });
}

// Resolves with window.LForms once its FHIR utilities are there.
export function loadLForms() {
  loading ??= scripts.reduce((previous, path) => previous.then(() => script(path)), Promise.resolve())
    .then(() => new Promise(resolve => {
      const ready = () => window.LForms?.Util ? resolve(window.LForms) : setTimeout(ready, 50);
      ready();
    }));
  return loading;
}
