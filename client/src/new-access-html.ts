import type { DifferenceKind, NewAccessDifference, NewAccessReport, Witness } from '../../server/src/protocol';
import { css as simulationCss, escapeHtml, webviewPage } from './simulation-html';

// The HTML of the difference view: what a policy allows that its committed version does not. Plain HTML with the
// simulation view's styles; the one script only posts messages back (simulate a witness, compare again).

/** The messages the view's script posts. */
export type NewAccessViewMessage = { type: 'simulate'; index: number } | { type: 'refresh' };

/** What the view shows besides the report: the file as the Explorer names it, and when it compared. */
export interface NewAccessViewMeta {
  document: string;
  time: string;
}

const sections: { kind: DifferenceKind; title: string; intro: string }[] = [
  { kind: 'new-action', title: 'New actions', intro: 'Actions the committed version allows on no request.' },
  { kind: 'wider-resource', title: 'Widened resources', intro: 'Actions the committed version allows on other resources only.' },
  { kind: 'wider-principal', title: 'Widened principals', intro: 'Actions the committed version allows to other principals only.' },
  { kind: 'looser-condition', title: 'Removed or loosened conditions', intro: 'Requests the committed version refused on a Condition.' },
  { kind: 'removed-deny', title: 'Removed Deny statements', intro: 'Requests a Deny statement of the committed version refused.' },
];

const badges = { PASS: ['No new access', 'allowed'], FAIL: ['Grants new access', 'explicit'], UNKNOWN: ['Cannot compare', 'implicit'] } as const;

function contextText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function witnessTable(witness: Witness): string {
  const rows: [string, string][] = [
    ['Principal', witness.principal ?? '(anonymous)'],
    ['Action', witness.action],
    ['Resource', witness.resource],
    ...Object.entries(witness.context).map(([key, value]): [string, string] => [key, contextText(value)]),
  ];
  return `<table class="request witness">${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
}

/** The actions of one difference by service and access level, as one line per pair. */
function actionsByService(difference: NewAccessDifference): string {
  const shown = 12;
  return `<ul class="services">${difference.services
    .map(({ service, accessLevel, actions }) => {
      const names = actions.length <= shown ? actions.join(', ') : `${actions.slice(0, shown).join(', ')} and ${actions.length - shown} more`;
      return `<li><span class="service">${escapeHtml(service)}</span> <span class="level">${escapeHtml(accessLevel)}</span> (${actions.length}): <code>${escapeHtml(names)}</code></li>`;
    })
    .join('')}</ul>`;
}

function differenceItem(difference: NewAccessDifference, index: number): string {
  const extra: string[] = [];
  if (difference.conditions?.length) {
    extra.push(
      `<p class="was">Conditions the request does not meet: ${difference.conditions
        .map((c) => `<code>${escapeHtml(`${c.operator} ${c.key}: ${c.values.length === 1 ? c.values[0] : JSON.stringify(c.values)}`)}</code>`)
        .join(', ')}</p>`,
    );
  }
  if (difference.oldValues?.length)
    extra.push(`<p class="was">Committed ${difference.kind === 'wider-principal' ? 'Principal' : 'Resource'}: ${difference.oldValues.map((v) => `<code>${escapeHtml(v)}</code>`).join(', ')}</p>`);
  return `<li class="difference ${difference.kind}" data-index="${index}">
<div class="detail">${escapeHtml(difference.detail)}</div>
${actionsByService(difference)}${extra.join('')}
<details open><summary>Witness: a request this version allows and the committed one does not</summary>${witnessTable(difference.witness)}</details>
<div class="actions"><button data-command="simulate" data-index="${index}" title="Run the simulation with this request against the current text">Simulate this request</button></div>
</li>`;
}

/** The whole page for one report. `nonce` allows exactly the page's own style and script. */
export function renderNewAccess(report: NewAccessReport, meta: NewAccessViewMeta, nonce: string): string {
  const body: string[] = [];
  const [badge, tone] = badges[report.result];
  const subject = `${report.policyName ? `${report.policyName} in ` : ''}${meta.document} vs ${report.ref}`;
  body.push(`<header class="decision ${tone}"><div class="badge" role="status">${badge}</div><div class="subject">${escapeHtml(subject)}</div></header>`);
  body.push(`<ul class="reasons">${report.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`);
  if (!report.hasBase) body.push(`<p class="note">${escapeHtml(`${report.ref} has no policy of this name: everything this policy allows is new.`)}</p>`);
  body.push('<div class="actions"><button data-command="refresh" class="secondary" title="Compare the current text with the committed one again">Compare again</button></div>');
  // Indexes are the report's, so a button names its difference whatever section shows it.
  const indexed = report.differences.map((difference, index) => ({ difference, index }));
  for (const section of sections) {
    const items = indexed.filter(({ difference }) => difference.kind === section.kind);
    if (items.length === 0) continue;
    const count = items.reduce((n, { difference }) => n + difference.actions.length, 0);
    body.push(
      `<section class="kind ${section.kind}"><h2>${escapeHtml(section.title)} (${count} action${count === 1 ? '' : 's'})</h2><p class="note">${escapeHtml(section.intro)}</p><ul class="differences">${items
        .map(({ difference, index }) => differenceItem(difference, index))
        .join('')}</ul></section>`,
    );
  }
  const kind = report.policyType === 'identity' ? 'an identity-based policy' : 'a resource-based policy';
  body.push(`<footer>${escapeHtml(`${meta.document} · read as ${kind} · ${report.mode} mode · compared at ${meta.time}`)}</footer>`);
  return webviewPage('New access', simulationCss + css, body, script, nonce);
}

const css = `
.reasons { margin: 6px 0 10px; }
.differences { list-style: none; padding-left: 0; }
.difference { margin: 8px 0 12px; padding: 6px 10px; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-left-width: 4px; border-radius: 4px; }
.difference.new-action { border-left-color: var(--vscode-charts-red); }
.difference.wider-resource, .difference.wider-principal { border-left-color: var(--vscode-charts-orange); }
.difference.looser-condition, .difference.removed-deny { border-left-color: var(--vscode-charts-yellow); }
.difference .detail { font-weight: 600; }
.services { padding-left: 16px; }
.service { font-weight: 600; }
.level { color: var(--vscode-descriptionForeground); }
.was { margin: 4px 0; color: var(--vscode-descriptionForeground); }
`;

// Runs in the webview. Buttons only post messages; the extension does the rest.
const script = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target && target.closest('button[data-command]');
  if (!button) return;
  if (button.dataset.command === 'simulate') vscode.postMessage({ type: 'simulate', index: Number(button.dataset.index) });
  else vscode.postMessage({ type: button.dataset.command });
});
`;
