import type { SimulatedPolicy, SimulatedStatement, SimulationRange, SimulationResult } from '../../server/src/protocol';

// The HTML of the simulation result view. Plain HTML and CSS with VS Code's theme variables; the one script only
// posts messages back (jump to a statement, run again, edit the inputs). Nothing is loaded from anywhere.

/** What the view shows besides the result. */
export interface SimulationViewMeta {
  /** The file simulated, as the Explorer names it. */
  document: string;
  /** The context keys the user set (the others were derived from the principal). */
  givenContext: readonly string[];
  /** How many times this simulation has run, and when it last did (HH:MM:SS). */
  run: number;
  time: string;
}

/** The messages the view's script posts. */
export type SimulationViewMessage = { type: 'reveal'; uri: string; range: SimulationRange } | { type: 'runAgain' } | { type: 'editInputs' } | { type: 'addPolicy' } | { type: 'clearPolicies' };

const decisionNames = { Allowed: 'Allowed', ExplicitlyDenied: 'Explicitly denied', ImplicitlyDenied: 'Implicitly denied' } as const;
const decisionClasses = { Allowed: 'allowed', ExplicitlyDenied: 'explicit', ImplicitlyDenied: 'implicit' } as const;
const verdictNames = { Allow: 'allows', Deny: 'denies', NoMatch: 'no statement applies' } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A link that jumps to a place in a file; the script turns a click into a `reveal` message. */
function link(uri: string, range: SimulationRange, text: string, title: string): string {
  return `<a href="#" class="jump" data-uri="${escapeHtml(uri)}" data-range="${escapeHtml(JSON.stringify(range))}" title="${escapeHtml(title)}">${escapeHtml(text)}</a>`;
}

function statementItem(statement: SimulatedStatement, policyName: string): string {
  const mark = statement.decided ? 'decided' : statement.applies ? 'applies' : 'skipped';
  const icon = statement.applies ? '✓' : '✗';
  const label = link(statement.uri, statement.range, statement.label, `Go to ${statement.label} in ${policyName}`);
  let text: string;
  if (statement.applies) text = `${label} applies${statement.decided ? ' and decided' : ''}`;
  else {
    const why = statement.why ?? 'does not apply';
    text = `${label} does not apply: ${statement.whyRange ? link(statement.uri, statement.whyRange, why, 'Go to the element that did not match') : escapeHtml(why)}`;
  }
  return `<li class="statement ${mark} ${statement.effect.toLowerCase()}"><span class="icon" aria-hidden="true">${icon}</span> ${text}</li>`;
}

function policySection(policy: SimulatedPolicy): string {
  const where = policy.level !== undefined ? ` (level ${policy.level})` : '';
  const grant = policy.grant ? `, grants to ${policy.grant === 'direct' ? 'the principal itself' : policy.grant === 'role' ? 'the role of the session' : 'the account'}` : '';
  const ignored = policy.ignored ? `<p class="note">Ignored: ${escapeHtml(policy.ignored)}</p>` : '';
  const statements = policy.statements.length > 0 ? `<ul>${policy.statements.map((s) => statementItem(s, policy.name)).join('')}</ul>` : '<p class="note">No statements.</p>';
  return `<section class="policy"><h3><span class="name">${escapeHtml(policy.name)}</span> <span class="role">${escapeHtml(policy.description)}${escapeHtml(where)}</span> <span class="verdict ${policy.verdict.toLowerCase()}">${escapeHtml(verdictNames[policy.verdict])}${escapeHtml(grant)}</span></h3>${ignored}${statements}</section>`;
}

function contextValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function requestTable(result: SimulationResult, meta: SimulationViewMeta): string {
  const { request } = result;
  const rows: [string, string][] = [
    ['Principal', request.principal ?? '(anonymous)'],
    ['Action', request.action],
    ['Resource', request.resource],
  ];
  if (request.resourceAccount) rows.push(['Resource account', request.resourceAccount]);
  if (result.requestSummary) rows.push(['Request', result.requestSummary]);
  const given = new Set(meta.givenContext.map((key) => key.toLowerCase()));
  const entries = Object.entries(request.context ?? {});
  const set = entries.filter(([key]) => given.has(key.toLowerCase()));
  const derived = entries.filter(([key]) => !given.has(key.toLowerCase()));
  const contextRows = (list: [string, unknown][]) => list.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(contextValue(value))}</td></tr>`).join('');
  return [
    `<table class="request">${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`,
    `<h3>Context keys you set</h3>`,
    set.length > 0 ? `<table class="context">${contextRows(set)}</table>` : '<p class="note">None.</p>',
    derived.length > 0 ? `<details><summary>Context keys derived from the principal (${derived.length})</summary><table class="context">${contextRows(derived)}</table></details>` : '',
  ].join('');
}

/** The whole page for one result. `nonce` allows exactly the page's own style and script. */
export function renderSimulation(result: SimulationResult, meta: SimulationViewMeta, nonce: string): string {
  const body: string[] = [];
  const actions = `<div class="actions"><button data-command="runAgain" title="Run the same request against the current text of the policies">Run again</button><button data-command="editInputs" class="secondary" title="Open the pickers with these inputs">Edit inputs</button><button data-command="addPolicy" class="secondary" title="Add a resource-based policy, boundary, SCP, RCP, session or identity-based policy">Add a policy…</button>${result.policies.length > 1 || result.notes.length > 0 ? '<button data-command="clearPolicies" class="secondary" title="Simulate with this file alone">Clear other policies</button>' : ''}</div>`;
  const subject = `${escapeHtml(result.request.action)} on ${escapeHtml(result.request.resource)}`;
  if (result.decision) {
    body.push(`<header class="decision ${decisionClasses[result.decision]}"><div class="badge" role="status">${decisionNames[result.decision]}</div><div class="subject">${subject}</div></header>`);
    if (result.reason) body.push(`<p class="reason">${escapeHtml(result.reason.message)}</p>`);
  } else if (result.dependsOn) {
    // A template's value known only at deploy time decides: say which, never guess it.
    const names = result.dependsOn.placeholders.length > 0 ? result.dependsOn.placeholders.join(', ') : 'deploy-time values';
    body.push(`<header class="decision depends"><div class="badge" role="status">Depends on ${escapeHtml(names)}</div><div class="subject">${subject}</div></header>`);
    if (result.reason) body.push(`<p class="reason">${escapeHtml(result.reason.message)}</p>`);
  } else {
    body.push(`<header class="decision error"><div class="badge" role="status">Cannot simulate</div><div class="subject">${subject}</div></header>`);
    body.push(
      `<ul class="errors">${result.errors
        .map((error) => {
          const where =
            error.uri && error.range
              ? ` ${link(error.uri, error.range, `${error.name ?? 'policy'} line ${error.range.start.line + 1}`, 'Go to the error')}`
              : error.name
                ? ` (${escapeHtml(error.name)})`
                : '';
          return `<li><code>${escapeHtml(error.ruleId)}</code> ${escapeHtml(error.message)}${where}</li>`;
        })
        .join('')}</ul>`,
    );
  }
  body.push(actions);
  if (result.decidedBy.length > 0) {
    const policyOf = (statement: SimulatedStatement) => result.policies.find((p) => p.uri === statement.uri)?.name ?? '';
    body.push(
      `<section class="decided"><h2>Decided by</h2><ul>${result.decidedBy
        .map(
          (statement) =>
            `<li class="statement decided ${statement.effect.toLowerCase()}">${link(statement.uri, statement.range, statement.label, 'Go to the statement')} in ${escapeHtml(policyOf(statement))}</li>`,
        )
        .join('')}</ul></section>`,
    );
  } else if (result.decision === 'ImplicitlyDenied') {
    body.push('<section class="decided"><h2>Decided by</h2><p class="note">No statement: nothing allowed the request, so it is denied by default.</p></section>');
  }
  if (result.levels.length > 0) body.push(`<section><h2>Organisation levels</h2><ul>${result.levels.map((level) => `<li>${escapeHtml(level)}</li>`).join('')}</ul></section>`);
  if (result.policies.length > 0) body.push(`<section><h2>Policies in play (${result.policies.length})</h2>${result.policies.map(policySection).join('')}</section>`);
  if (result.notes.length > 0) body.push(`<section><h2>Notes</h2><ul>${result.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul></section>`);
  body.push(`<section><h2>Request</h2>${requestTable(result, meta)}</section>`);
  body.push(`<footer>${escapeHtml(meta.document)} · run ${meta.run} at ${escapeHtml(meta.time)}</footer>`);

  return webviewPage('IAM policy simulation', css, body, script, nonce);
}

/**
 * A webview page: the content security policy allows only the nonce's style and script, so the page loads nothing
 * else. Shared by the simulation and new-access views.
 */
export function webviewPage(title: string, style: string, body: readonly string[], script: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${style}</style>
</head>
<body>
${body.join('\n')}
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
}

export const css = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; line-height: 1.45; }
h2 { font-size: 1.05em; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--vscode-descriptionForeground); }
h3 { font-size: 1em; margin: 10px 0 4px; font-weight: 600; }
ul { margin: 4px 0; padding-left: 20px; }
li { margin: 2px 0; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
code { font-family: var(--vscode-editor-font-family); }
.decision { margin: 16px 0 8px; padding: 10px 14px; border-radius: 4px; border-left: 6px solid; background: var(--vscode-editorWidget-background); }
.decision .badge { font-size: 1.6em; font-weight: 700; }
.decision .subject { font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; margin-top: 2px; }
.decision.allowed { border-color: var(--vscode-charts-green); } .decision.allowed .badge { color: var(--vscode-charts-green); }
.decision.explicit { border-color: var(--vscode-charts-red); } .decision.explicit .badge { color: var(--vscode-charts-red); }
.decision.implicit { border-color: var(--vscode-charts-orange); } .decision.implicit .badge { color: var(--vscode-charts-orange); }
.decision.depends { border-color: var(--vscode-charts-yellow); } .decision.depends .badge { color: var(--vscode-charts-yellow); }
.decision.error { border-color: var(--vscode-errorForeground); } .decision.error .badge { color: var(--vscode-errorForeground); }
.reason { margin: 6px 0 10px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.policy { margin: 6px 0 10px; padding: 6px 10px; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 4px; }
.policy h3 .role { font-weight: normal; color: var(--vscode-descriptionForeground); }
.verdict { font-weight: normal; padding: 0 6px; border-radius: 8px; font-size: .9em; }
.verdict.allow { color: var(--vscode-charts-green); } .verdict.deny { color: var(--vscode-charts-red); } .verdict.nomatch { color: var(--vscode-descriptionForeground); }
.statement { list-style: none; margin-left: -18px; }
.statement .icon { display: inline-block; width: 1.2em; }
.statement.applies.allow .icon, .statement.decided.allow .icon { color: var(--vscode-charts-green); }
.statement.applies.deny .icon, .statement.decided.deny .icon { color: var(--vscode-charts-red); }
.statement.skipped { color: var(--vscode-descriptionForeground); }
.statement.decided { font-weight: 600; }
.decided .statement { margin-left: -18px; }
.decided .statement.allow::before { content: '✓ '; color: var(--vscode-charts-green); }
.decided .statement.deny::before { content: '✗ '; color: var(--vscode-charts-red); }
.note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
table { border-collapse: collapse; margin: 4px 0; }
th { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 1px 16px 1px 0; vertical-align: top; white-space: nowrap; }
td { font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; padding: 1px 0; }
details { margin: 6px 0; } summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
footer { margin-top: 18px; color: var(--vscode-descriptionForeground); font-size: .9em; }
.errors li { margin: 4px 0; }
`;

// Runs in the webview. Links and buttons only post messages; the extension does the rest.
const script = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const jump = target && target.closest('a.jump');
  if (jump) {
    event.preventDefault();
    vscode.postMessage({ type: 'reveal', uri: jump.dataset.uri, range: JSON.parse(jump.dataset.range) });
    return;
  }
  const button = target && target.closest('button[data-command]');
  if (button) vscode.postMessage({ type: button.dataset.command });
});
`;
