import { authorizedFetch, bindKeyForm, h } from './api-key.js';
import { renderReference } from './api-reference-render.js';

const toc = document.getElementById('toc');
const content = document.getElementById('content');

function message(text, kind = 'hint') {
  toc.replaceChildren();
  content.replaceChildren(h('h1', {}, 'API reference'), h('p', { class: kind }, text));
}

async function load(key) {
  if (!key) return message('Enter an API key of your tenant above. The reference is generated from its metadata.');
  message('Loading…');
  try {
    const response = await authorizedFetch('/api/v1/openapi.json');
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      return message(`${response.status} ${problem.code ?? ''}: ${problem.detail ?? 'the document could not be loaded'}`, 'error');
    }
    const spec = await response.json();
    renderReference(spec, { toc, content });
    document.title = `${spec.info.title} · reference`;
    // The raw document needs the key too: offer it as a download.
    document.getElementById('download')?.addEventListener('click', (event) => {
      event.preventDefault();
      const url = URL.createObjectURL(new Blob([JSON.stringify(spec, null, 2)], { type: 'application/json' }));
      const link = h('a', { href: url, download: 'openapi.json' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  } catch (error) {
    message(`The server could not be reached: ${error.message}`, 'error');
  }
}

bindKeyForm(load);
