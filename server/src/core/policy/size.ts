import type { InlineHolder, PolicyType } from './policy-type';

/** The character quota AWS applies to one kind of policy document. */
export interface PolicySizeQuota {
  /** Characters allowed. */
  limit: number;
  /** Whether whitespace outside strings counts: Organizations and STS count it, IAM does not. */
  countsWhitespace: boolean;
  /**
   * Whether the console removes white space outside strings before saving, so that it counts only when the
   * policy is saved through the API, the CLI or an SDK (CloudFormation, Terraform): true for SCPs and RCPs.
   */
  consoleStripsWhitespace?: boolean;
  /** The most an account can get by asking Service Quotas, when the quota is adjustable. */
  raisableTo?: number;
  /** What the quota is for, as a message names it: "managed policies", "SCPs" ... */
  appliesTo: string;
}

/**
 * The size quota for each policy type, as AWS documents it.
 *
 * - IAM managed policies: 6,144 characters; IAM does not count white space. An inline policy, where the host tells
 *   (`inlineOn`), has its holder's quota instead, for all of the holder's inline policies together: user 2,048, group
 *   5,120, role 10,240 characters; elsewhere the managed-policy quota stands for every identity policy.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * - Role trust policies: 2,048 characters by default, adjustable up to 8,192 ("Role trust policy length").
 * - Session policies: 2,048 characters of plaintext (the `Policy` parameter of sts:AssumeRole*), so every
 *   character counts. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * - SCPs and RCPs: 5,120 characters. The Organizations quota page notes that the console removes white space
 *   outside quotation marks and does not count it, while a policy saved through an SDK or the AWS CLI is saved
 *   exactly as given, white space included.
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * - Resource-based policies: each service sets its own (S3 bucket policies 20 KB, SQS 8,192 bytes,
 *   KMS key policies 32 KB ...); 20,480 characters, the S3 and Lambda figure, is the default here.
 */
export function policySizeQuota(type: PolicyType, inlineOn?: InlineHolder): PolicySizeQuota {
  switch (type) {
    case 'identity':
      return inlineOn ? inlineQuotas[inlineOn] : { limit: 6144, countsWhitespace: false, appliesTo: 'IAM managed policies' };
    case 'boundary':
      return { limit: 6144, countsWhitespace: false, appliesTo: 'IAM managed policies' };
    case 'trust':
      return { limit: 2048, countsWhitespace: false, raisableTo: 8192, appliesTo: 'role trust policies' };
    case 'session':
      return { limit: 2048, countsWhitespace: true, appliesTo: 'session policies' };
    case 'scp':
      return { limit: 5120, countsWhitespace: true, consoleStripsWhitespace: true, appliesTo: 'SCPs' };
    case 'rcp':
      return { limit: 5120, countsWhitespace: true, consoleStripsWhitespace: true, appliesTo: 'RCPs' };
    case 'resource':
      return { limit: 20480, countsWhitespace: true, appliesTo: 'S3 bucket policies and most other resource-based policies' };
  }
}

const inlineQuotas: Record<InlineHolder, PolicySizeQuota> = {
  role: { limit: 10240, countsWhitespace: false, appliesTo: "a role's inline policies together" },
  user: { limit: 2048, countsWhitespace: false, appliesTo: "a user's inline policies together" },
  group: { limit: 5120, countsWhitespace: false, appliesTo: "a group's inline policies together" },
};

export interface PolicySize {
  /** Characters as AWS counts them for this policy type (through the API, where the console would differ). */
  size: number;
  /** Every character as written. */
  withWhitespace: number;
  /** The characters without the white space outside strings. */
  withoutWhitespace: number;
  quota: PolicySizeQuota;
}

/** Characters (code points) of a text, and how many of them are white space outside strings. */
export interface CharacterCounts {
  characters: number;
  whitespace: number;
}

/**
 * The size of a policy document as AWS counts it against the quota of `type`, and both ways of counting. `counts`,
 * when the caller has them for `text` already (the strict JSON parser counts on its way), saves the pass over it.
 */
export function measurePolicySize(text: string, type: PolicyType, counts?: CharacterCounts, inlineOn?: InlineHolder): PolicySize {
  const quota = policySizeQuota(type, inlineOn);
  const { characters: withWhitespace, whitespace } = counts ?? countCharacters(text);
  const withoutWhitespace = withWhitespace - whitespace;
  return { size: quota.countsWhitespace ? withWhitespace : withoutWhitespace, withWhitespace, withoutWhitespace, quota };
}

/**
 * Counts the characters of a policy document. Characters are Unicode code points, so a character outside
 * the Basic Multilingual Plane counts once. With `countWhitespace: false`, spaces, tabs and line breaks
 * outside JSON strings are left out, as IAM does; white space inside strings always counts.
 * Runs in one pass over the text.
 */
export function countPolicyCharacters(text: string, options: { countWhitespace: boolean }): number {
  const { characters, whitespace } = countCharacters(text);
  return options.countWhitespace ? characters : characters - whitespace;
}

// Both counts in one pass over the text (which can be megabytes): characters are code units less the surrogate
// pairs, each of which is one character; white space is counted outside strings, whose contents are skipped.
function countCharacters(text: string): CharacterCounts {
  const length = text.length;
  let whitespace = 0;
  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i++);
    if (unit === QUOTE) {
      // To the closing quote; an escaped character is part of the string whatever it is, including a quote.
      while (i < length) {
        const inner = text.charCodeAt(i++);
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
    } else if (isJsonWhitespace(unit)) whitespace++;
  }
  return { characters: length - surrogatePairs(text), whitespace };
}

const surrogatePair = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

function surrogatePairs(text: string): number {
  let pairs = 0;
  surrogatePair.lastIndex = 0;
  while (surrogatePair.test(text)) pairs++;
  return pairs;
}

/** The text with every space, tab and line break outside JSON strings removed; strings are kept as written. */
export function minifyPolicyText(text: string): string {
  const kept: string[] = [];
  let runStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (inString) {
      if (unit === BACKSLASH) i++;
      else if (unit === QUOTE) inString = false;
      continue;
    }
    if (unit === QUOTE) inString = true;
    else if (isJsonWhitespace(unit)) {
      kept.push(text.slice(runStart, i));
      while (i + 1 < text.length && isJsonWhitespace(text.charCodeAt(i + 1))) i++;
      runStart = i + 1;
    }
  }
  kept.push(text.slice(runStart));
  return kept.join('');
}

const QUOTE = 34;
const BACKSLASH = 92;

function isJsonWhitespace(unit: number): boolean {
  return unit === 32 || unit === 9 || unit === 10 || unit === 13;
}
