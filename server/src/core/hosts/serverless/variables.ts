import type { PlaceholderKind } from '../../policy/model';

/**
 * The Serverless Framework's variables in a value of a service file (`${self:custom.bucket}`, `${opt:stage, 'dev'}`,
 * `${aws:accountId}`, a fallback that is itself a variable: `${opt:region, ${self:provider.region}}`), each resolved
 * when the service is packaged, before CloudFormation reads the template
 * (https://www.serverless.com/framework/docs/providers/aws/guide/variables). The outermost `${…}` of each, braces
 * matched; one not closed is text.
 */
export function serverlessVariables(value: string): { start: number; end: number; kind: PlaceholderKind }[] {
  const found: { start: number; end: number; kind: PlaceholderKind }[] = [];
  // The serverless-pseudo-parameters plugin's `#{AWS::AccountId}`, which it writes as `${AWS::AccountId}` under Fn::Sub
  // (https://github.com/svdgraaf/serverless-pseudo-parameters), is read the same way.
  for (let at = nextOpening(value, 0); at >= 0; at = nextOpening(value, at + 1)) {
    let depth = 0;
    let end = -1;
    for (let i = at + 1; i < value.length; i++) {
      if (value[i] === '{') depth++;
      else if (value[i] === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) break;
    found.push({ start: at, end, kind: variableKind(value.slice(at + 2, end - 1)) });
    at = end - 1;
  }
  return found;
}

function nextOpening(value: string, from: number): number {
  const dollar = value.indexOf('${', from);
  const hash = value.indexOf('#{', from);
  return dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
}

// What a variable stands for, where its source says: the account and Region the service deploys to.
function variableKind(inner: string): PlaceholderKind {
  const source = inner.split(',')[0].trim();
  if (/^(?:aws:accountId|AWS::AccountId)$/i.test(source)) return 'account';
  if (/^(?:aws:region|opt:region|self:provider\.region|AWS::Region)$/i.test(source)) return 'region';
  if (/^(?:aws:partition|AWS::Partition)$/i.test(source)) return 'partition';
  return 'string';
}
