import type { JsonNode } from '../policy/model';
import { strictTreeFacts } from '../policy/json-tree';
import { spanOfNode, type HostJsonNode } from '../policy/parse-policy';
import type { Check } from './check';

export const duplicateKey: Check = {
  id: 'duplicate-key',
  severity: 'error',
  description: 'A key may appear only once in an object. JSON parsers, CloudFormation and Terraform keep one of the values (the last) and drop the others silently.',
  run({ policy, report }) {
    // Which value wins differs (JSON parsers and Terraform's object syntax keep the last), so the advice names neither.
    const message = (key: string) =>
      `Duplicate key "${key}": only one of its values takes effect (most JSON parsers and Terraform's object syntax keep the last). Keep one "${key}" with the value you mean, merging the values if both are meant.`;
    // The strict parser noted the repeated keys on its way (most documents): no second walk over the tree.
    const facts = strictTreeFacts(policy.root);
    if (facts) {
      for (const keyNode of facts.duplicateKeys) report(spanOfNode(keyNode), message(String(keyNode.value)));
      return;
    }
    // A stack, not recursion: a deeply nested document must not exhaust the call stack. Only objects and arrays go
    // on it: the strings of an Action list of thousands cannot hold a key.
    const pending: JsonNode[] = policy.root && isContainer(policy.root) ? [policy.root] : [];
    let seen: Set<string> | undefined;
    while (pending.length > 0) {
      const node = pending.pop()!;
      const children = node.children ?? [];
      if (node.type === 'array') {
        for (const child of children) if (isContainer(child)) pending.push(child);
        continue;
      }
      if (children.length > 1) (seen ??= new Set()).clear();
      for (const property of children) {
        const [keyNode, valueNode] = property.children ?? [];
        if (property.type !== 'property' || !keyNode) continue;
        if (children.length > 1 && !(property as HostJsonNode).alternative) {
          const key = String(keyNode.value);
          if (seen!.has(key)) report(spanOfNode(keyNode), message(key));
          seen!.add(key);
        }
        if (valueNode && isContainer(valueNode)) pending.push(valueNode);
      }
    }
  },
};

function isContainer(node: JsonNode): boolean {
  return node.type === 'object' || node.type === 'array';
}
