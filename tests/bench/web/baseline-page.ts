import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The floor the web app's list is measured against: a hand-written page that fetches the same 50
 * opportunities from the same REST API (through its own server, with an API key) and writes them
 * into a plain table — no framework, no metadata, no permission summary. What the app spends
 * above it is its own.
 */
export interface BaselinePage {
  url: string;
  close(): Promise<void>;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opportunities</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse;width:100%}td,th{padding:6px 8px;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><h1>Opportunities</h1><table><thead><tr><th>Name</th><th>Account</th><th>Amount</th><th>Stage</th><th>Close date</th></tr></thead><tbody></tbody></table>
<script type="module">
const answer = await (await fetch('/data')).json();
const rows = answer.data.map((o) => {
  const tr = document.createElement('tr');
  const amount = o.amount ? new Intl.NumberFormat('en-US', { style: 'currency', currency: o.amount.currency }).format(o.amount.amount) : '';
  for (const text of [o.name, o.account?.name ?? '', amount, o.stage ?? '', o.closeDate ?? '']) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
});
document.querySelector('tbody').append(...rows);
</script></body></html>`;

export async function startBaselinePage(atriumUrl: string, apiKey: string): Promise<BaselinePage> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/', async (_request, reply) => reply.type('text/html').send(PAGE));
  app.get('/data', async (_request, reply) => {
    const response = await fetch(`${atriumUrl}/api/v1/data/opportunity?limit=50&sort=-createdAt&expand=account`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    return reply
      .status(response.status)
      .type('application/json')
      .send(await response.text());
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the baseline page did not report its port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
