import type { EmbeddedPolicy, HostDocument, HostInput, HostLink, HostReader } from './host';
import { entryOf, type CfnNode } from './cloudformation/nodes';
import { documentContextOf, parsedDocumentOf } from './cloudformation/reader';
import { addStatementList } from './serverless/statement-list';
import { uriRelativeTo } from '../text/file-uri';

/** Whether a file is named as Zappa's settings: `zappa_settings.json`, `.yml` or `.yaml`. */
export function isZappaSettingsName(uri: string): boolean {
  return /(?:^|\/)zappa_settings\.(?:json|ya?ml)$/i.test(uri.replace(/[?#].*$/, ''));
}

/**
 * Zappa's settings (`zappa_settings.json`): for each stage, `extra_permissions` is a list of statements Zappa adds to
 * the policy of the role it makes for the app, read as that identity policy; `attach_policy` names a policy file
 * Zappa attaches too, linked from where it is written and checked on its own.
 * https://github.com/zappa/Zappa#advanced-settings
 */
export const zappaReader: HostReader = {
  kind: 'zappa',
  extensions: ['.json', '.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    if (!isZappaSettingsName(input.uri)) return undefined;
    const document = parsedDocumentOf(input);
    if (!document) return undefined;
    const { format, parsed } = document;
    const root = parsed.root;
    if (root?.kind !== 'map') return undefined;
    const context = documentContextOf(input.text, format);
    const policies: EmbeddedPolicy[] = [];
    const links: HostLink[] = [];
    for (const stage of root.entries) {
      const settings: CfnNode | undefined = stage.value;
      if (settings?.kind !== 'map') continue;
      addStatementList(policies, entryOf(settings, 'extra_permissions'), `${stage.key} › extra_permissions`, context);
      const attach = entryOf(settings, 'attach_policy')?.value;
      const target = attach?.kind === 'scalar' && /\.json$/i.test(attach.value) ? uriRelativeTo(attach.value, input.uri) : undefined;
      if (attach && target) links.push({ span: attach.span, target, tooltip: 'Open the policy Zappa attaches to the role' });
    }
    // The settings' own syntax (comments, which real settings files carry) is Zappa's to judge, not a policy's.
    return { kind: 'zappa', policies, problems: context.problems, ...(links.length > 0 ? { links } : {}) };
  },
};
