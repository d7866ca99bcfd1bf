import { parseConditionOperator } from '../policy/condition-operators';
import { isEpochValue, isIsoDateValue } from '../policy/condition-values';
import type { Statement } from '../policy/model';
import { DerivedSlot } from '../policy/derived';

// Temporary credentials live at most 36 hours (GetSessionToken and GetFederationToken; AssumeRole sessions at most
// 12), so a session issued before a date can still be in use up to 36 hours after it.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
const longestSessionMs = 36 * 60 * 60 * 1000;

/**
 * The last moment at which the statement can still apply, when its Condition caps the time of the request
 * (`DateLessThan` on `aws:CurrentTime` or `aws:EpochTime`) or the issue time of the caller's session (`aws:TokenIssueTime`,
 * plus the longest session); undefined when it sets no such cap. A key tested with IfExists sets no cap on
 * `aws:TokenIssueTime`: long-term access keys carry no token issue time, so the test passes for them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime).
 */
export function latestApplicableTime(statement: Statement): number | undefined {
  if (!statement.condition) return undefined;
  if (latestByStatement.has(statement)) return latestByStatement.get(statement);
  const latest = computeLatestApplicableTime(statement);
  latestByStatement.set(statement, latest);
  return latest;
}

// Several rules and methods ask about the same statement; it is parsed once per keystroke, so the answer is kept with it.
const latestByStatement = new DerivedSlot<Statement, number | undefined>();

function computeLatestApplicableTime(statement: Statement): number | undefined {
  let latest: number | undefined;
  for (const block of statement.condition?.operators ?? []) {
    const operator = parseConditionOperator(block.operator);
    if (!operator || operator.setQualifier || operator.negated) continue;
    if (!/^(?:DateLessThan|DateLessThanEquals|NumericLessThan|NumericLessThanEquals)$/.test(operator.base)) continue;
    const numeric = operator.family === 'Numeric';
    for (const entry of block.keys) {
      const key = entry.key.toLowerCase();
      if (numeric ? key !== 'aws:epochtime' : key !== 'aws:currenttime' && key !== 'aws:tokenissuetime' && key !== 'aws:epochtime') continue;
      if (key === 'aws:tokenissuetime' && operator.ifExists) continue;
      // Several values are alternatives: the statement applies while any of them is still ahead.
      const times = entry.values.map((v) => timeOf(v.value));
      if (times.length === 0 || times.some((t) => t === undefined)) continue;
      let cap = Math.max(...(times as number[]));
      if (key === 'aws:tokenissuetime') cap += longestSessionMs;
      latest = latest === undefined ? cap : Math.min(latest, cap);
    }
  }
  return latest;
}

/** Whether the statement's Condition allows requests only before `now`, so it grants nothing any more. */
export function hasExpired(statement: Statement, now: number): boolean {
  const latest = latestApplicableTime(statement);
  return latest !== undefined && latest < now;
}

/** Milliseconds since the epoch of a Date or epoch value; undefined for values IAM cannot read (condition-value-format reports them). */
function timeOf(value: string): number | undefined {
  if (isEpochValue(value)) return Number(value) * 1000;
  if (!isIsoDateValue(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
