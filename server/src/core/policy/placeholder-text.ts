/**
 * Text a policy's author left for someone to fill in, as examples and runbooks write policies: `<account-id>`,
 * `{{region}}`, `[ACCOUNT_ID]`, `((kms_key_arn))`, `YOUR_ACCOUNT_ID`, `ACCOUNT_ID`, `XXXXXXXXXXXX`, `123456789XXX`. Rules that find such
 * text where an account, a Region or a principal goes say so, instead of explaining the field's format: the value was
 * never meant to be one, and no fix can guess it. (Host placeholders, `${AWS::AccountId}` and `${var.x}`, are values
 * known at deploy and are not this: the model keeps them apart, see Placeholder.)
 */
// Shapes that say by their form alone that a value is to be filled in, wherever it stands.
const MARKED_SHAPES = [
  // <account-id>, <YOUR ADMIN USER ARN>
  /^<[^<>]+>$/,
  // {{region}}, {account_id}; not a policy variable or host placeholder, `${…}`
  /^\{\{?[^{}$]+\}?\}$/,
  // [ACCOUNT_ID]
  /^\[[^[\]]+\]$/,
  // ((kms_key_arn)): a BOSH or Concourse variable
  /^\(\([^()]+\)\)$/,
  // YOUR_ACCOUNT_ID, your-account
  /^your[\s_-]?[a-z]/i,
];
// Words that are placeholders in a field that holds an account or a Region; elsewhere they may be real names.
const WORD_SHAPES = [
  // MY_REGION, my-account
  /^my[\s_-]?[a-z]/i,
  // ACCOUNT_ID, AWS_REGION, ACCOUNTID, REGION: capitals, at least four letters, no lowercase
  /^(?=(?:[^A-Z]*[A-Z]){4})[A-Z][A-Z0-9_-]*$/,
  // account_id, aws-account-number, region_name
  /^(?:aws[_-]?)?(?:account|region)(?:[_-]?(?:id|number|name|code))?$/i,
  // XXXXXXXXXXXX, 123456789XXX, 1234-5678-xxxx
  /^(?=.*x)[0-9x-]{8,}$/i,
];
const PLACEHOLDER_SHAPES = [...MARKED_SHAPES, ...WORD_SHAPES];

/**
 * Whether a whole value is written as a placeholder by its form alone (`<kms-key-arn>`, `{{bucket}}`, `[ARN]`,
 * `((kms_key_arn))`, `YOUR_BUCKET`), wherever it stands. The word shapes above (`my-queue`, `REGION`) say so only in a
 * field that holds an account or a Region: elsewhere they may be real names.
 */
export function isMarkedPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  return MARKED_SHAPES.some((shape) => shape.test(trimmed));
}

/** Whether a field's whole text is such a placeholder. */
export function isPlaceholderText(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && PLACEHOLDER_SHAPES.some((shape) => shape.test(trimmed));
}

/**
 * The placeholder in a principal's text: the whole text, a bracketed one inside it (`arn:aws:iam::<account_id>:role/x`,
 * `{{ role_arn }}`), a `YOUR_…` word, or an ARN's account field. Other parts of an ARN (a role named `DEPLOYER`) may
 * be real names, so they are not taken for placeholders.
 */
export function placeholderIn(text: string): string | undefined {
  if (isPlaceholderText(text)) return text.trim();
  const inside = /<[^<>]+>|\{\{[^{}]+\}\}|\(\([^()]+\)\)|\bYOUR_[A-Za-z0-9_]+/i.exec(text)?.[0];
  if (inside) return inside;
  const account = text.startsWith('arn:') ? text.split(':')[4] : undefined;
  return account !== undefined && isPlaceholderText(account) ? account : undefined;
}
