import type { Check } from './check';

export const sidDuplicate: Check = {
  id: 'sid-duplicate',
  severity: 'error',
  description: 'Statement ids (Sid) must be unique within a policy.',
  run({ policy, report }) {
    const seen = new Set<string>();
    for (const statement of policy.statements) {
      const sid = statement.sid?.value;
      if (!sid) continue;
      if (seen.has(sid.value)) report(sid.span, `Sid "${sid.value}" is already used by an earlier statement. Give each statement its own Sid.`);
      seen.add(sid.value);
    }
  },
};
